// Package settle works out when the money from a POS sale is due in the
// merchant's settlement account (结算账户): T+1 and T+0 count working days,
// D+1 and D+0 calendar days, and 秒到 pays within minutes inside a daily
// window, falling back to T+1 outside it. A sale after the daily cut-off
// counts as the next day's.
//
// Working days follow China's public holidays and make-up working days
// (调休) from github.com/6tail/lunar-go, as package hours does; for a year
// the library does not know yet, Monday to Friday are taken as working days
// and the estimate says so.
package settle

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/calendar"
)

// Mode is how an acquirer settles: T+1, T+0 (working days), D+1, D+0
// (calendar days), or instant (秒到).
type Mode string

// The settlement modes.
const (
	ModeT1      Mode = "T+1"
	ModeT0      Mode = "T+0"
	ModeD1      Mode = "D+1"
	ModeD0      Mode = "D+0"
	ModeInstant Mode = "instant"
)

// Environment variables that hold the settlement rules.
const (
	EnvMode          = "SETTLEMENT_MODE"
	EnvCutoff        = "SETTLEMENT_CUTOFF"
	EnvInstantWindow = "INSTANT_WINDOW"
)

// Defaults, and the examples quoted in parse errors.
const (
	defaultCutoff      = 23 * time.Hour
	defaultInstantFrom = 7 * time.Hour
	defaultInstantTo   = 22*time.Hour + 30*time.Minute

	acceptedModes = "T+1, T+0, D+1, D+0, instant (秒到)"
	cutoffExample = "23:00"
	windowExample = "07:00-22:30"
)

// instantGrace is how long after a 秒到 sale the money counts as late:
// "within minutes" in the acquirers' terms, with room for a slow bank; a
// merchant who has waited an hour is owed the checks, not "wait".
const instantGrace = 30 * time.Minute

const fullDay = 24 * time.Hour

// modeNames maps every spelling ParseMode accepts, lower-cased and without
// spaces, to its mode. ModeIn reuses the "t+1" forms.
var modeNames = map[string]Mode{
	"t+1": ModeT1, "t1": ModeT1,
	"t+0": ModeT0, "t0": ModeT0,
	"d+1": ModeD1, "d1": ModeD1,
	"d+0": ModeD0, "d0": ModeD0,
	"instant": ModeInstant, "秒到": ModeInstant,
}

// ParseMode reads a SETTLEMENT_MODE value such as "T+1", "t1", "D+0",
// "instant" or "秒到"; case and spaces do not matter, and empty means the
// default, T+1. The error is one line naming SETTLEMENT_MODE with the
// accepted values.
func ParseMode(s string) (Mode, error) {
	key := strings.ToLower(strings.Join(strings.Fields(s), ""))
	key = strings.ReplaceAll(key, "＋", "+")
	if key == "" {
		return ModeT1, nil
	}
	if m, ok := modeNames[key]; ok {
		return m, nil
	}
	return "", fmt.Errorf("%s: %q: unknown settlement mode; accepted: %s", EnvMode, s, acceptedModes)
}

// ParseCutoff reads a SETTLEMENT_CUTOFF value, a time of day such as
// "23:00", as the time since midnight; "24:00" means no cut-off and empty
// means the default, 23:00. The error is one line naming SETTLEMENT_CUTOFF
// with an example.
func ParseCutoff(s string) (time.Duration, error) {
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return defaultCutoff, nil
	}
	cutoff, ok := parseClock(trimmed)
	switch {
	case !ok:
		return 0, cutoffError(s, "want HH:MM")
	case cutoff == 0:
		// Every sale would count as the next day's: surely a mistake.
		return 0, cutoffError(s, "00:00 would move every sale to the next day; use 24:00 for no cut-off")
	}
	return cutoff, nil
}

func cutoffError(s, reason string) error {
	return fmt.Errorf("%s: %q: %s; example: %s", EnvCutoff, s, reason, cutoffExample)
}

// ParseWindow reads an INSTANT_WINDOW value, the daily 秒到 window such as
// "07:00-22:30", start inclusive, end exclusive; an end of 24:00 means
// midnight and empty means the default, 07:00-22:30. The window cannot wrap
// past midnight. The error is one line naming INSTANT_WINDOW with an example.
func ParseWindow(s string) (from, to time.Duration, err error) {
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return defaultInstantFrom, defaultInstantTo, nil
	}
	start, end, ok := strings.Cut(trimmed, "-")
	if !ok {
		return 0, 0, windowError(s, "want HH:MM-HH:MM")
	}
	from, ok = parseClock(strings.TrimSpace(start))
	if !ok || from == fullDay {
		return 0, 0, windowError(s, fmt.Sprintf("bad start %q: want HH:MM before 24:00", start))
	}
	to, ok = parseClock(strings.TrimSpace(end))
	if !ok {
		return 0, 0, windowError(s, fmt.Sprintf("bad end %q: want HH:MM", end))
	}
	if to <= from {
		return 0, 0, windowError(s, "end must be after start on the same day")
	}
	return from, to, nil
}

func windowError(s, reason string) error {
	return fmt.Errorf("%s: %q: %s; example: %s", EnvInstantWindow, s, reason, windowExample)
}

// parseClock reads H:MM or HH:MM, 00:00 to 24:00, as the time since midnight.
func parseClock(s string) (time.Duration, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, false
	}
	hour, _ := strconv.Atoi(h)
	minute, _ := strconv.Atoi(m)
	if minute > 59 || hour > 24 || (hour == 24 && minute != 0) {
		return 0, false
	}
	return time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// modePhrases are the words merchants use for a mode instead of its code.
var modePhrases = []struct {
	text string
	mode Mode
}{
	{"秒到", ModeInstant},
	{"实时到账", ModeInstant},
	{"即时到账", ModeInstant},
	{"次日到账", ModeT1},
	{"当天到账", ModeT0},
	{"当日到账", ModeT0},
}

// ModeIn finds a settlement mode a merchant's message names: a code such as
// "t+1", "t + 1", "t1到账" or "d0", or a phrase such as "秒到", "实时到账",
// "次日到账" (T+1) or "当天到账" (T+0). A code must stand on its own, not
// inside an ASCII word or number ("t10", "pd0", "t1s"). When the message
// names several, the first one wins. Text is expected lower-cased and
// width-folded (ASCII letters, digits and "+"), in Simplified Chinese.
func ModeIn(text string) (Mode, bool) {
	text = strings.ToLower(text)
	first, found := -1, Mode("")
	for _, p := range modePhrases {
		if i := strings.Index(text, p.text); i >= 0 && (first < 0 || i < first) {
			first, found = i, p.mode
		}
	}
	if i, m, ok := codeIn(text); ok && (first < 0 || i < first) {
		first, found = i, m
	}
	return found, first >= 0
}

// codeIn finds the first settlement code in text and where it starts.
func codeIn(text string) (int, Mode, bool) {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != 't' && c != 'd' {
			continue
		}
		if i > 0 && isAlnum(text[i-1]) {
			continue
		}
		if m, ok := codeAt(text, i); ok {
			return i, m, true
		}
	}
	return 0, "", false
}

// codeAt reads a code whose letter is at text[i]: the letter, an optional
// "+" (spaces allowed around it), then 0 or 1 not followed by a letter or
// digit. Bytes of Chinese characters are never ASCII, so Chinese may touch
// the code on either side.
func codeAt(text string, i int) (Mode, bool) {
	j := i + 1
	if k := skipSpaces(text, j); k < len(text) && text[k] == '+' {
		j = skipSpaces(text, k+1)
	}
	if j >= len(text) || (text[j] != '0' && text[j] != '1') {
		return "", false
	}
	if j+1 < len(text) && isAlnum(text[j+1]) {
		return "", false
	}
	m, ok := modeNames[string([]byte{text[i], '+', text[j]})]
	return m, ok
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Rules are one acquirer's settlement terms.
type Rules struct {
	// Mode is the settlement mode; empty or unknown means T+1.
	Mode Mode
	// Cutoff is the time of day from which sales count as the next day's;
	// zero means the default, 23:00.
	Cutoff time.Duration
	// InstantFrom and InstantTo are the 秒到 window, start inclusive, end
	// exclusive; outside it a sale settles as T+1. A zero InstantTo means
	// the default window, 07:00-22:30.
	InstantFrom, InstantTo time.Duration
	// Loc is the merchants' zone; nil means Asia/Shanghai.
	Loc *time.Location
}

// DefaultRules are the most common terms: T+1 with a 23:00 cut-off, and a
// 07:00-22:30 window should the mode be switched to 秒到. A nil loc means
// Asia/Shanghai.
func DefaultRules(loc *time.Location) Rules {
	return Rules{
		Mode:        ModeT1,
		Cutoff:      defaultCutoff,
		InstantFrom: defaultInstantFrom,
		InstantTo:   defaultInstantTo,
		Loc:         zoneOrShanghai(loc),
	}
}

// withDefaults fills the zero fields, so that a partly filled Rules works.
func (r Rules) withDefaults() Rules {
	r.Loc = zoneOrShanghai(r.Loc)
	if r.Cutoff <= 0 {
		r.Cutoff = defaultCutoff
	}
	if r.InstantTo <= 0 {
		r.InstantFrom, r.InstantTo = defaultInstantFrom, defaultInstantTo
	}
	return r
}

func zoneOrShanghai(loc *time.Location) *time.Location {
	if loc == nil {
		return calendar.Shanghai()
	}
	return loc
}

// Estimate is when the money from one sale is due.
type Estimate struct {
	// Due is the day the money is due, as midnight of that day in the
	// rules' zone; for 秒到 within its window, the sale time itself.
	Due time.Time
	// Mode is the mode applied: T+1 when 秒到 fell back.
	Mode Mode
	// Instant means settled within minutes: 秒到 inside its window.
	Instant bool
	// FellBack means 秒到 was asked for but the sale was outside the
	// window, so it settled as T+1.
	FellBack bool
	// WeekdaysOnly means the calendar does not know the holidays of a year
	// involved, so only weekends were skipped. Only T+1 and T+0 (and a
	// fallen-back 秒到) consult the calendar.
	WeekdaysOnly bool
}

// Due works out when the money from a sale at sale is due under r.
func Due(sale time.Time, r Rules) Estimate {
	r = r.withDefaults()
	local := sale.In(r.Loc)
	clock := sinceMidnight(local)
	if r.Mode == ModeInstant {
		if clock >= r.InstantFrom && clock < r.InstantTo {
			return Estimate{Due: local, Mode: ModeInstant, Instant: true}
		}
		e := dueOn(effectiveDay(local, clock, r.Cutoff), ModeT1)
		e.FellBack = true
		return e
	}
	return dueOn(effectiveDay(local, clock, r.Cutoff), r.Mode)
}

// effectiveDay is the day a sale counts for: its own date, or the next
// one from the cut-off on.
func effectiveDay(local time.Time, clock, cutoff time.Duration) time.Time {
	day := calendar.Midnight(local)
	if clock >= cutoff {
		return calendar.NextDay(day)
	}
	return day
}

// dueOn applies a day-based mode to a sale's effective day.
func dueOn(day time.Time, m Mode) Estimate {
	var c workdays
	switch m {
	case ModeD0:
		return Estimate{Due: day, Mode: ModeD0}
	case ModeD1:
		return Estimate{Due: calendar.NextDay(day), Mode: ModeD1}
	case ModeT0:
		due := c.workingFrom(day)
		return Estimate{Due: due, Mode: ModeT0, WeekdaysOnly: c.weekdaysOnly}
	default:
		due := c.workingFrom(calendar.NextDay(day))
		return Estimate{Due: due, Mode: ModeT1, WeekdaysOnly: c.weekdaysOnly}
	}
}

// workdays tells working days apart and remembers whether it had to fall
// back to Monday–Friday for a year the library does not know.
type workdays struct {
	weekdaysOnly bool
}

// workingFrom returns day if it is a working day, else the next one. The
// loop ends: the library lists finitely many holidays, none longer than
// about nine days in a row, and unknown years have working weekdays.
func (c *workdays) workingFrom(day time.Time) time.Time {
	for !c.working(day) {
		day = calendar.NextDay(day)
	}
	return day
}

// working reports a make-up working day (调休), or a Monday–Friday that is
// not a public holiday.
func (c *workdays) working(day time.Time) bool {
	y, m, d := day.Date()
	weekday := day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
	if !KnowsYear(y) {
		c.weekdaysOnly = true
		return weekday
	}
	switch calendar.Of(y, m, d) {
	case calendar.MakeUp:
		return true
	case calendar.Holiday:
		return false
	}
	return weekday
}

// KnowsYear reports whether the calendar library knows a year's public
// holidays, that is, lists at least one holiday or make-up day in it.
func KnowsYear(year int) bool { return calendar.KnowsYear(year) }

// Overdue reports whether, at now, the money from e should already have
// arrived: for a due day, from the next midnight on; for 秒到, more than half an
// hour after the sale. A zero Estimate is never overdue.
func (e Estimate) Overdue(now time.Time) bool {
	if e.Due.IsZero() {
		return false
	}
	if e.Instant {
		return now.Sub(e.Due) > instantGrace
	}
	return !now.Before(calendar.NextDay(e.Due))
}

// DayText writes a due day for merchants: "10月8日（周四）" for a lang
// starting with "zh", "Thu 8 Oct" otherwise. It uses t's own zone; Due
// is already in the rules' zone.
func DayText(t time.Time, lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return fmt.Sprintf("%d月%d日（%s）", t.Month(), t.Day(), chineseWeekday[t.Weekday()])
	}
	return t.Format("Mon 2 Jan")
}

var chineseWeekday = [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// sinceMidnight is the wall-clock time of day of t.
func sinceMidnight(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}
