package escalation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/posbot/posbot/internal/hours"
)

// Defaults of the desk's timers.
const (
	DefaultReminder  = 10 * time.Minute
	DefaultAutoClose = 72 * time.Hour
)

// UseHours sets when people answer: a ticket filed outside them tells the
// merchant when someone will be there, and reminders count only business
// time. nil means always.
func (d *Desk) UseHours(s *hours.Schedule) { d.hours = s }

// Timers set after how much business time an unanswered ticket is
// recalled to the agents (once in its thread, after twice that in the
// support chat's general topic), and after how long a ticket with no
// message from either side is closed. Zero leaves a default; negative
// turns the timer off.
func (d *Desk) Timers(reminder, autoClose time.Duration) {
	if reminder != 0 {
		d.reminder = reminder
	}
	if autoClose != 0 {
		d.autoClose = autoClose
	}
}

// offHours is the line added to a submission outside business hours, ""
// during them.
func (d *Desk) offHours(lang string) string {
	if d.hours == nil {
		return ""
	}
	next := d.hours.NextOpenText(d.now(), lang)
	if next == "" {
		return ""
	}
	return "\n" + fmt.Sprintf(msg(lang, msgOffHours), next, d.hours.Describe(lang))
}

// HoursText describes the business hours for merchants, "" when always open.
func (d *Desk) HoursText(lang string) string {
	if d.hours == nil || d.hours.Always() {
		return ""
	}
	return d.hours.Describe(lang)
}

// businessTime is how much business time passed between from and to.
func (d *Desk) businessTime(from, to time.Time) time.Duration {
	if d.hours == nil {
		return to.Sub(from)
	}
	return d.hours.Elapsed(from, to)
}

// SweepEvery is how often the server runs Sweep.
const SweepEvery = 30 * time.Second

// Sweep recalls unanswered open tickets to the agents and closes quiet
// ones, as of the desk's clock. Every process may run it: each step is a
// compare-and-set in the store, so a reminder or a close happens once.
func (d *Desk) Sweep(ctx context.Context) error {
	now := d.now()
	var errs []error
	if d.memory > 0 {
		// Merchants' numbers are kept for MERCHANT_MEMORY, no longer.
		if _, err := d.store.Forget(ctx, "", now.Add(-d.memory)); err != nil {
			errs = append(errs, err)
		}
	}
	ts, err := d.store.Tickets(ctx, StatusOpen, 1000)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, t := range ts {
		if err := d.sweepOne(ctx, t, now); err != nil {
			errs = append(errs, fmt.Errorf("ticket %d: %w", t.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (d *Desk) sweepOne(ctx context.Context, t *Ticket, now time.Time) error {
	turns, err := d.store.Turns(ctx, t.ID)
	if err != nil {
		return err
	}
	last := t.CreatedAt
	for _, turn := range turns {
		if turn.Role != RoleNote && turn.At.After(last) {
			last = turn.At
		}
	}
	if d.autoClose > 0 && now.Sub(last) >= d.autoClose {
		lang := t.Merchant.Lang
		reopen := []Button{{Text: msg(lang, msgReopenButton), Data: dataReopen + fmt.Sprint(t.ID)}}
		_, err := d.closeWith(ctx, t, []Delivery{
			{Kind: KindToMerchant, Text: fmt.Sprintf(msg(lang, msgAutoClosed), t.ID), Buttons: [][]Button{reopen}},
			{Kind: KindToSupport, Text: fmt.Sprintf("⌛ 工单 #%d 已 %s 没有新消息，已自动关闭（商户可以点“还没解决”重新打开）。", t.ID, roughly(now.Sub(last)))},
		})
		return err
	}
	if d.reminder <= 0 || hasAgent(turns) {
		return nil
	}
	waited := d.businessTime(t.CreatedAt, now)
	level, kind, text := 0, KindToSupport, ""
	switch {
	case waited >= 2*d.reminder && t.Reminders < 2:
		level, kind = 2, KindToGeneral
		text = fmt.Sprintf("⏰⏰ 工单 #%d 已等待 %s（按工作时间计），还没有客服回复。", t.ID, roughly(waited))
	case waited >= d.reminder && t.Reminders < 1:
		level = 1
		text = fmt.Sprintf("⏰ 工单 #%d 已等待 %s（按工作时间计），还没有客服回复。/claim 认领。", t.ID, roughly(waited))
	default:
		return nil
	}
	ok, err := d.store.RemindTicket(ctx, t.ID, level, []Delivery{{Kind: kind, Text: text}})
	if ok && d.obs != nil {
		d.obs.Reminded()
	}
	return err
}

// roughly says a duration the way people do: "12 分钟", "3 小时", "2 天".
func roughly(w time.Duration) string {
	switch {
	case w < time.Hour:
		return fmt.Sprintf("%d 分钟", int(w.Minutes()))
	case w < 48*time.Hour:
		return fmt.Sprintf("%d 小时", int(w.Hours()))
	}
	return fmt.Sprintf("%d 天", int(w.Hours()/24))
}
