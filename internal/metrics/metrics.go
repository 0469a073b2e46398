// Package metrics exposes posbot's health in the Prometheus format. Its
// methods are safe on a nil *Metrics, so wiring them is optional.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are posbot's counters, histograms and gauges.
type Metrics struct {
	reg           *prometheus.Registry
	messages      prometheus.Counter
	actions       *prometheus.CounterVec
	feedback      *prometheus.CounterVec
	ticketsOpened prometheus.Counter
	ticketsClosed prometheus.Counter
	desk          *prometheus.CounterVec // notes, claims, reopens, blocked messages
	incidents     *prometheus.CounterVec // merchants told, by incident
	firstReply    prometheus.Histogram
	llmLatency    prometheus.Histogram
	llmFallbacks  *prometheus.CounterVec
	reloads       *prometheus.CounterVec
}

// New registers posbot's metrics in a registry of their own.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &Metrics{reg: reg}
	m.messages = prometheus.NewCounter(prometheus.CounterOpts{Name: "posbot_messages_total", Help: "Merchant messages received."})
	m.actions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posbot_answers_total", Help: "Replies by action (answer, handoff, no_answer) and topic."}, []string{"action", "topic"})
	m.feedback = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posbot_feedback_total", Help: "Merchants' verdicts on answers."}, []string{"helpful"})
	m.ticketsOpened = prometheus.NewCounter(prometheus.CounterOpts{Name: "posbot_tickets_opened_total", Help: "Tickets filed."})
	m.ticketsClosed = prometheus.NewCounter(prometheus.CounterOpts{Name: "posbot_tickets_closed_total", Help: "Tickets closed by agents."})
	m.incidents = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posbot_incident_merchants_told_total",
		Help: "Merchants told of an incident (deflected from filing a ticket about it), by incident number."}, []string{"incident"})
	m.desk = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posbot_desk_events_total",
		Help: "What agents and the desk did: internal notes, claims, reopened tickets, messages from blocked merchants."}, []string{"event"})
	m.firstReply = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "posbot_ticket_first_reply_seconds", Help: "Time from a ticket to its first agent reply.",
		Buckets: []float64{60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400}})
	m.llmLatency = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "posbot_llm_seconds", Help: "Time spent waiting for the model.",
		Buckets: []float64{0.25, 0.5, 1, 2, 3, 4, 6, 10}})
	m.llmFallbacks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posbot_llm_fallbacks_total", Help: "Knowledge-base text sent instead of the model's reply, by reason."}, []string{"reason"})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "posbot_knowledge_reloads_total", Help: "Knowledge and prompt reloads, by result."}, []string{"result"})
	// Known label values start at zero, so dashboards see them before the
	// first event.
	m.feedback.WithLabelValues("yes")
	m.feedback.WithLabelValues("no")
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("failed")
	for _, c := range []prometheus.Collector{m.messages, m.actions, m.feedback, m.ticketsOpened, m.ticketsClosed, m.desk, m.incidents, m.firstReply, m.llmLatency, m.llmFallbacks, m.reloads} {
		f(c)
	}
	return m
}

// Gauge registers a gauge read from fn at every scrape.
func (m *Metrics) Gauge(name, help string, fn func() float64) {
	if m != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
	}
}

// Counter registers a counter read from fn at every scrape.
func (m *Metrics) Counter(name, help string, fn func() float64) {
	if m != nil {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, fn))
	}
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Message counts a merchant message.
func (m *Metrics) Message() {
	if m != nil {
		m.messages.Inc()
	}
}

// Answer counts a reply.
func (m *Metrics) Answer(action, topic string) {
	if m != nil {
		m.actions.WithLabelValues(action, topic).Inc()
	}
}

// Feedback counts a verdict on an answer.
func (m *Metrics) Feedback(helpful bool) {
	if m != nil {
		v := "no"
		if helpful {
			v = "yes"
		}
		m.feedback.WithLabelValues(v).Inc()
	}
}

// LLM records one call to the model and, if its reply was not used, why:
// one of the assistant's few fallback reasons, used as the label.
func (m *Metrics) LLM(latency time.Duration, fallback string) {
	if m == nil || latency == 0 {
		return
	}
	m.llmLatency.Observe(latency.Seconds())
	if fallback != "" {
		m.llmFallbacks.WithLabelValues(fallback).Inc()
	}
}

// TicketOpened counts a filed ticket.
func (m *Metrics) TicketOpened() {
	if m != nil {
		m.ticketsOpened.Inc()
	}
}

// TicketClosed counts a closed ticket.
func (m *Metrics) TicketClosed() {
	if m != nil {
		m.ticketsClosed.Inc()
	}
}

// Note counts an agents' internal note.
func (m *Metrics) Note() { m.deskEvent("note") }

// Claimed counts a ticket claimed by an agent.
func (m *Metrics) Claimed() { m.deskEvent("claim") }

// Reopened counts a closed ticket opened again.
func (m *Metrics) Reopened() { m.deskEvent("reopen") }

// Reminded counts a reminder about an unanswered ticket.
func (m *Metrics) Reminded() { m.deskEvent("reminder") }

// Attached counts photos and files relayed either way.
func (m *Metrics) Attached(n int) {
	if m != nil {
		m.desk.WithLabelValues("attachment").Add(float64(n))
	}
}

// IncidentTold counts a merchant told of an incident (deflected).
func (m *Metrics) IncidentTold(id int64) {
	if m != nil {
		m.incidents.WithLabelValues(strconv.FormatInt(id, 10)).Inc()
	}
}

// BlockedMessage counts a message from a blocked merchant, never stored.
func (m *Metrics) BlockedMessage() { m.deskEvent("blocked_message") }

func (m *Metrics) deskEvent(e string) {
	if m != nil {
		m.desk.WithLabelValues(e).Inc()
	}
}

// FirstReply records how long a ticket waited for its first agent reply.
func (m *Metrics) FirstReply(d time.Duration) {
	if m != nil {
		m.firstReply.Observe(d.Seconds())
	}
}

// Reload counts a knowledge reload and whether it failed.
func (m *Metrics) Reload(err error) {
	if m != nil {
		r := "ok"
		if err != nil {
			r = "failed"
		}
		m.reloads.WithLabelValues(r).Inc()
	}
}
