package escalation

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Incident is a known problem agents declared: while it lasts, merchants
// asking about its topic are told first.
type Incident struct {
	ID         int64
	Topic      string
	Text       string
	By         string // the agent
	Start, End time.Time
	Ended      time.Time // zero while not ended by hand
	Told       int       // merchants told
}

// Active reports whether in is in force at now.
func (in Incident) Active(now time.Time) bool { return in.Ended.IsZero() && now.Before(in.End) }

// Notice is a message for one merchant, by Key, for the channel to send
// (paced like every other).
type Notice struct {
	Merchant string
	Text     string
}

// DefaultIncidentLength is how long an incident lasts unless told.
const DefaultIncidentLength = 4 * time.Hour

// incidentTopics are the topics an incident may name.
var incidentTopics = []string{"suspension", "blocked", "missing-credit", "declined", "fees", "device", "application", "general"}

var incidentLength = regexp.MustCompile(`^([0-9]+)(m|min|h|d)$`)

// incidentCache keeps the active incidents for a few seconds, so that a
// burst of questions reads the database once.
type incidentCache struct {
	mu   sync.Mutex
	at   time.Time
	list []Incident
}

const incidentCacheFor = 5 * time.Second

func (d *Desk) activeIncidents(ctx context.Context) ([]Incident, error) {
	now := d.now()
	d.incidents.mu.Lock()
	defer d.incidents.mu.Unlock()
	if !d.incidents.at.IsZero() && now.Sub(d.incidents.at) < incidentCacheFor && !now.Before(d.incidents.at) {
		return d.incidents.list, nil
	}
	list, err := d.store.ActiveIncidents(ctx, now)
	if err != nil {
		return nil, err
	}
	d.incidents.at, d.incidents.list = now, list
	return list, nil
}

func (d *Desk) forgetIncidents() {
	d.incidents.mu.Lock()
	d.incidents.at = time.Time{}
	d.incidents.mu.Unlock()
}

// IncidentNotice is the notice of an active incident on topic for m, ""
// if there is none; m is counted as told (deflected) once.
func (d *Desk) IncidentNotice(ctx context.Context, m Merchant, topic string) (string, error) {
	if topic == "" {
		return "", nil
	}
	list, err := d.activeIncidents(ctx)
	if err != nil {
		return "", err
	}
	for _, in := range list {
		if in.Topic != topic || !in.Active(d.now()) {
			continue
		}
		first, err := d.store.TellIncident(ctx, in.ID, m.Key())
		if err != nil {
			return "", err
		}
		if first && d.obs != nil {
			d.obs.IncidentTold(in.ID)
		}
		return incidentText(m.Lang, in), nil
	}
	return "", nil
}

func incidentText(lang string, in Incident) string {
	if lang == LangEN {
		return fmt.Sprintf("📢 Known issue: %s (we are on it; no need to report it).", in.Text)
	}
	return fmt.Sprintf("📢 已知问题：%s（我们正在处理，不用为此单独报障）", in.Text)
}

func incidentOverText(lang string, in Incident) string {
	if lang == LangEN {
		return fmt.Sprintf("✅ Fixed: %s. If anything is still wrong, tell me.", in.Text)
	}
	return fmt.Sprintf("✅ 之前通知的问题已经恢复：%s。如果还有异常，请再告诉我。", in.Text)
}

// Incident runs an agent's /incident: alone it lists the active ones;
// "off N" ends one and returns the notices for the merchants told of it;
// otherwise it declares one, "[topic] [2h] text", by default for 4 h on
// the topic the words match best, and tells the merchants whose open
// ticket is on that topic.
func (d *Desk) Incident(ctx context.Context, a Agent, args string) (string, []Notice, error) {
	fields := strings.Fields(args)
	switch {
	case len(fields) == 0:
		list, err := d.store.ActiveIncidents(ctx, d.now())
		if err != nil || len(list) == 0 {
			return "没有进行中的事件。声明：/incident [主题] [时长如2h] 说明", nil, err
		}
		var lines []string
		for _, in := range list {
			lines = append(lines, fmt.Sprintf("#%d %s · 至 %s · 已告知 %d 位商户 · %s", in.ID, in.Topic, in.End.In(cst).Format("01-02 15:04"), in.Told, in.Text))
		}
		return "进行中的事件：\n" + strings.Join(lines, "\n") + "\n结束：/incident off 编号", nil, nil
	case fields[0] == "off":
		if len(fields) < 2 {
			return "用法：/incident off 编号", nil, nil
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(fields[1], "#"), 10, 64)
		if err != nil {
			return "用法：/incident off 编号", nil, nil
		}
		return d.endIncident(ctx, a, id)
	}
	in := Incident{By: a.Name, Start: d.now()}
	length := DefaultIncidentLength
	for len(fields) > 1 {
		if slices.Contains(incidentTopics, fields[0]) && in.Topic == "" {
			in.Topic, fields = fields[0], fields[1:]
			continue
		}
		if m := incidentLength.FindStringSubmatch(fields[0]); m != nil {
			n, _ := strconv.Atoi(m[1])
			length = time.Duration(n) * map[string]time.Duration{"m": time.Minute, "min": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
			fields = fields[1:]
			continue
		}
		break
	}
	in.Text = strings.Join(fields, " ")
	in.End = in.Start.Add(length)
	if in.Topic == "" && d.lib != nil {
		if art, ok := d.lib.Find(in.Text, LangZH); ok {
			in.Topic = art.Topic
		}
	}
	if in.Topic == "" || in.Text == "" || length <= 0 {
		return "用法：/incident [主题] [时长如2h] 说明，例如 /incident missing-credit 2h 扫码收款延迟到账，预计18:00前恢复。主题：" + strings.Join(incidentTopics, " "), nil, nil
	}
	in, err := d.store.CreateIncident(ctx, in)
	if err != nil {
		return "", nil, err
	}
	d.forgetIncidents()
	// Merchants waiting on a ticket about it hear it once, in their ticket.
	open, err := d.store.Tickets(ctx, StatusOpen, 1000)
	if err != nil {
		return "", nil, err
	}
	told := 0
	for _, t := range open {
		if t.Topic != in.Topic {
			continue
		}
		first, err := d.store.TellIncident(ctx, in.ID, t.Merchant.Key())
		if err != nil || !first {
			continue
		}
		text := incidentText(t.Merchant.Lang, in)
		if err := d.store.AddTurn(ctx, t.ID, Turn{Role: RoleBot, Text: text, At: d.now()}, []Delivery{{Kind: KindToMerchant, Text: text}}); err == nil {
			told++
			if d.obs != nil {
				d.obs.IncidentTold(in.ID)
			}
		}
	}
	return fmt.Sprintf("📢 事件 #%d 已声明（%s，至 %s）：%s\n已告知 %d 位有相关工单的商户；之后问到这个主题的商户会先看到通知。结束：/incident off %d",
		in.ID, in.Topic, in.End.In(cst).Format("01-02 15:04"), in.Text, told, in.ID), nil, nil
}

func (d *Desk) endIncident(ctx context.Context, a Agent, id int64) (string, []Notice, error) {
	list, err := d.store.Incidents(ctx, 1000)
	if err != nil {
		return "", nil, err
	}
	var in *Incident
	for i := range list {
		if list[i].ID == id {
			in = &list[i]
		}
	}
	if in == nil {
		return fmt.Sprintf("没有事件 #%d。", id), nil, nil
	}
	ok, err := d.store.EndIncident(ctx, id, d.now())
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return fmt.Sprintf("事件 #%d 已经结束了。", id), nil, nil
	}
	d.forgetIncidents()
	keys, err := d.store.IncidentMerchants(ctx, id)
	if err != nil {
		return "", nil, err
	}
	var notices []Notice
	for _, k := range keys {
		// The merchant's language is their conversation's.
		lang := LangZH
		if c, err := d.store.Conversation(ctx, k); err == nil && c.Merchant.Lang != "" {
			lang = c.Merchant.Lang
		}
		notices = append(notices, Notice{Merchant: k, Text: incidentOverText(lang, *in)})
	}
	return fmt.Sprintf("✅ 事件 #%d 已由 %s 结束，正在告知 %d 位商户。", id, a.Name, len(notices)), notices, nil
}
