// Package hours knows when the support desk is staffed: weekly business
// hours from the BUSINESS_HOURS setting, China's public holidays (closed all
// day) and their make-up working days (调休, open with ordinary weekday
// hours), so that replies can say when a person will next be there and
// reminders can count business time only.
//
// Holidays and make-up days come from github.com/6tail/lunar-go, which has
// the State Council's announced dates; for a year it does not know yet, the
// weekly hours alone apply.
package hours

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/calendar"
)

// EnvVar is the environment variable that holds the weekly hours.
const EnvVar = "BUSINESS_HOURS"

// Example is a valid BUSINESS_HOURS value, quoted in every parse error.
const Example = "Mon-Fri 09:00-18:00, Sat 10:00-16:00"

// maxSearchDays bounds NextOpen: the longest holiday run in China is about
// nine days, so sixty days without an opening means the desk never opens.
const maxSearchDays = 60

// Schedule is the desk's business hours in one time zone. Build it with
// Parse; it is safe for concurrent use.
type Schedule struct {
	loc    *time.Location
	always bool
	week   [7]span // indexed by time.Weekday
	// workday is what a make-up working day opens with: Monday's hours, or
	// the first open weekday's; closed if no weekday is open.
	workday span
}

// span is one day's opening, in minutes after midnight, end exclusive.
type span struct {
	open       bool
	start, end int
}

// dayOrder is the week as merchants read it, Monday first.
var dayOrder = [7]time.Weekday{
	time.Monday, time.Tuesday, time.Wednesday, time.Thursday,
	time.Friday, time.Saturday, time.Sunday,
}

var dayNames = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"sun": time.Sunday,
}

// Parse reads a BUSINESS_HOURS value: comma-separated parts, each a day or
// a day range and a time range, such as "Mon-Fri 09:00-18:00, Sat
// 10:00-16:00". Day names are case-insensitive, a range may wrap around
// the week ("Sun-Thu"), and a day may appear in only one part; an end of
// 24:00 means midnight. Empty or "24/7" means always open. A nil loc means
// UTC. The error is one line naming BUSINESS_HOURS, with an example.
func Parse(spec string, loc *time.Location) (*Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := &Schedule{loc: loc}
	trimmed := strings.TrimSpace(spec)
	if trimmed == "" || trimmed == "24/7" {
		s.always = true
		return s, nil
	}
	seen := make(map[time.Weekday]bool)
	for _, part := range strings.Split(trimmed, ",") {
		days, hours, err := parsePart(strings.TrimSpace(part))
		if err != nil {
			return nil, parseError(spec, err.Error())
		}
		for _, d := range days {
			if seen[d] {
				return nil, parseError(spec, fmt.Sprintf("day %q appears in more than one part", shortName(d)))
			}
			seen[d] = true
			s.week[d] = hours
		}
	}
	s.workday = s.weekdayHours()
	return s, nil
}

func parseError(spec, reason string) error {
	return fmt.Errorf("%s: %q: %s; example: %s", EnvVar, spec, reason, Example)
}

// parsePart reads one "Mon-Fri 09:00-18:00".
func parsePart(part string) ([]time.Weekday, span, error) {
	fields := strings.Fields(part)
	if len(fields) != 2 {
		if part == "" {
			return nil, span{}, fmt.Errorf("empty part between commas")
		}
		return nil, span{}, fmt.Errorf("part %q: want days then hours, like %q", part, "Mon-Fri 09:00-18:00")
	}
	days, err := parseDays(fields[0])
	if err != nil {
		return nil, span{}, err
	}
	hours, err := parseSpan(fields[1])
	if err != nil {
		return nil, span{}, err
	}
	return days, hours, nil
}

// parseDays reads "Sat" or "Mon-Fri"; a range may wrap past Sunday.
func parseDays(s string) ([]time.Weekday, error) {
	names := strings.Split(s, "-")
	if len(names) > 2 {
		return nil, fmt.Errorf("bad days %q: want one day or a range like Mon-Fri", s)
	}
	var ends []int // positions in dayOrder
	for _, name := range names {
		d, ok := dayNames[strings.ToLower(name)]
		if !ok {
			return nil, fmt.Errorf("unknown day %q", name)
		}
		ends = append(ends, orderIndex(d))
	}
	first, last := ends[0], ends[len(ends)-1]
	var days []time.Weekday
	for i := first; ; i = (i + 1) % 7 {
		days = append(days, dayOrder[i])
		if i == last {
			return days, nil
		}
	}
}

func orderIndex(d time.Weekday) int {
	return (int(d) + 6) % 7
}

// parseSpan reads "09:00-18:00".
func parseSpan(s string) (span, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return span{}, fmt.Errorf("bad hours %q: want HH:MM-HH:MM", s)
	}
	start, ok := parseClock(from)
	if !ok || start == 24*60 {
		return span{}, fmt.Errorf("bad time %q: want HH:MM", from)
	}
	end, ok := parseClock(to)
	if !ok {
		return span{}, fmt.Errorf("bad time %q: want HH:MM", to)
	}
	if end <= start {
		return span{}, fmt.Errorf("hours %q: end must be after start", s)
	}
	return span{open: true, start: start, end: end}, nil
}

// parseClock reads H:MM or HH:MM, 00:00 to 24:00, as minutes after midnight.
func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, false
	}
	hour, _ := strconv.Atoi(h)
	minute, _ := strconv.Atoi(m)
	if minute > 59 || hour > 24 || (hour == 24 && minute != 0) {
		return 0, false
	}
	return hour*60 + minute, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// weekdayHours picks the hours of an ordinary working day: Monday's if the
// desk opens on Monday, else the first open weekday's.
func (s *Schedule) weekdayHours() span {
	for _, d := range dayOrder[:5] {
		if s.week[d].open {
			return s.week[d]
		}
	}
	return span{}
}

// Always reports a 24/7 schedule.
func (s *Schedule) Always() bool {
	return s.always
}

// Open reports whether the desk is open at t.
func (s *Schedule) Open(t time.Time) bool {
	if s.always {
		return true
	}
	start, end, ok := s.window(t.In(s.loc))
	return ok && !t.Before(start) && t.Before(end)
}

// NextOpen returns t if the desk is open at t, else the next moment it
// opens, searching up to 60 days ahead; the zero time if it never does.
func (s *Schedule) NextOpen(t time.Time) time.Time {
	if s.always {
		return t
	}
	day := calendar.Midnight(t.In(s.loc))
	for i := 0; i <= maxSearchDays; i++ {
		start, end, ok := s.window(day)
		if ok && t.Before(end) {
			if t.Before(start) {
				return start
			}
			return t
		}
		day = calendar.NextDay(day)
	}
	return time.Time{}
}

// Elapsed returns how much open time lies between from and to; zero if to
// is not after from.
func (s *Schedule) Elapsed(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if s.always {
		return to.Sub(from)
	}
	var total time.Duration
	for day := calendar.Midnight(from.In(s.loc)); day.Before(to); day = calendar.NextDay(day) {
		start, end, ok := s.window(day)
		if !ok {
			continue
		}
		total += overlap(start, end, from, to)
	}
	return total
}

func overlap(start, end, from, to time.Time) time.Duration {
	if from.After(start) {
		start = from
	}
	if to.Before(end) {
		end = to
	}
	if !end.After(start) {
		return 0
	}
	return end.Sub(start)
}

// window returns when the desk opens and closes on the calendar day of t
// (which must be in s.loc), ok false if it stays closed that day.
func (s *Schedule) window(t time.Time) (start, end time.Time, ok bool) {
	y, m, d := t.Date()
	h := s.hoursOn(y, m, d, t.Weekday())
	if !h.open {
		return time.Time{}, time.Time{}, false
	}
	start = time.Date(y, m, d, 0, h.start, 0, 0, s.loc)
	end = time.Date(y, m, d, 0, h.end, 0, 0, s.loc)
	return start, end, true
}

// hoursOn applies China's holiday calendar to the weekly hours: closed on
// a public holiday, ordinary weekday hours on a make-up working day. A desk
// that opens on no weekday keeps its weekly hours on make-up days.
func (s *Schedule) hoursOn(y int, m time.Month, d int, wd time.Weekday) span {
	switch calendar.Of(y, m, d) {
	case calendar.Ordinary:
		return s.week[wd]
	case calendar.Holiday:
		return span{}
	}
	if s.workday.open {
		return s.workday
	}
	return s.week[wd]
}

// Describe writes the hours for merchants: Simplified Chinese for a lang
// starting with "zh", English otherwise.
func (s *Schedule) Describe(lang string) string {
	zh := isChinese(lang)
	if s.always {
		if zh {
			return "7×24小时"
		}
		return "24/7"
	}
	var parts []string
	for _, r := range s.runs() {
		parts = append(parts, r.text(zh))
	}
	if zh {
		return strings.Join(parts, "，") + "（法定节假日休息）"
	}
	return strings.Join(parts, ", ") + " (closed on public holidays)"
}

// run is consecutive days, Monday first, with the same hours.
type run struct {
	first, last time.Weekday
	hours       span
}

func (s *Schedule) runs() []run {
	var runs []run
	for _, d := range dayOrder {
		h := s.week[d]
		if !h.open {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1].hours == h && orderIndex(runs[n-1].last)+1 == orderIndex(d) {
			runs[n-1].last = d
			continue
		}
		runs = append(runs, run{first: d, last: d, hours: h})
	}
	return runs
}

func (r run) text(zh bool) string {
	name, through, to := shortName, "–", "–"
	if zh {
		name, through, to = chineseName, "至", "-"
	}
	days := name(r.first)
	if r.last != r.first {
		days += through + name(r.last)
	}
	return days + " " + clock(r.hours.start) + to + clock(r.hours.end)
}

func shortName(d time.Weekday) string {
	return d.String()[:3]
}

func chineseName(d time.Weekday) string {
	return [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[d]
}

func clock(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

func isChinese(lang string) bool {
	return strings.HasPrefix(strings.ToLower(lang), "zh")
}

// NextOpenText says when a person will next be there, relative to t:
// "今天 14:00", "明天 09:00" or "下个工作日 10月8日 09:00" in Chinese,
// "today at 14:00", "tomorrow at 09:00" or "next working day, 8 Oct at
// 09:00" in English. It returns "" when the desk is open at t (or never
// opens).
func (s *Schedule) NextOpenText(t time.Time, lang string) string {
	if s.Open(t) {
		return ""
	}
	next := s.NextOpen(t)
	if next.IsZero() {
		return ""
	}
	next = next.In(s.loc)
	at := next.Format("15:04")
	zh := isChinese(lang)
	switch daysBetween(t.In(s.loc), next) {
	case 0:
		if zh {
			return "今天 " + at
		}
		return "today at " + at
	case 1:
		if zh {
			return "明天 " + at
		}
		return "tomorrow at " + at
	default:
		if zh {
			return fmt.Sprintf("下个工作日 %d月%d日 %s", next.Month(), next.Day(), at)
		}
		return fmt.Sprintf("next working day, %s at %s", next.Format("2 Jan"), at)
	}
}

// daysBetween counts calendar days from a's date to b's date.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}
