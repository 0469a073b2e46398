package settle_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zone database

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/posbot/posbot/internal/settle"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at reads "2006-01-02 15:04" in Shanghai.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

// day reads "2006-01-02" as midnight in Shanghai.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	return at(t, s+" 00:00")
}

// TestCalendarFacts pins what the library says about 2026, on which the
// Due cases below rely.
func TestCalendarFacts(t *testing.T) {
	tests := []struct {
		date      string
		listed    bool
		work      bool // a make-up working day, if listed
		wantWeekd time.Weekday
	}{
		{"2026-09-20", true, true, time.Sunday}, // 调休 before National Day
		{"2026-09-25", true, false, time.Friday},
		{"2026-09-30", false, false, time.Wednesday},
		{"2026-10-01", true, false, time.Thursday},
		{"2026-10-02", true, false, time.Friday},
		{"2026-10-03", true, false, time.Saturday},
		{"2026-10-04", true, false, time.Sunday},
		{"2026-10-05", true, false, time.Monday},
		{"2026-10-06", true, false, time.Tuesday},
		{"2026-10-07", true, false, time.Wednesday},
		{"2026-10-08", false, false, time.Thursday},
		{"2026-10-09", false, false, time.Friday},
		{"2026-10-10", true, true, time.Saturday}, // 调休 after National Day
		{"2026-10-11", false, false, time.Sunday},
	}
	for _, tt := range tests {
		d := day(t, tt.date)
		if d.Weekday() != tt.wantWeekd {
			t.Errorf("%s is a %s, want %s", tt.date, d.Weekday(), tt.wantWeekd)
		}
		h := HolidayUtil.GetHolidayByYmd(d.Year(), int(d.Month()), d.Day())
		if (h != nil) != tt.listed {
			t.Errorf("%s listed = %v, want %v", tt.date, h != nil, tt.listed)
			continue
		}
		if h != nil && h.IsWork() != tt.work {
			t.Errorf("%s IsWork = %v, want %v", tt.date, h.IsWork(), tt.work)
		}
	}
}

func TestDue(t *testing.T) {
	rules := func(m settle.Mode) settle.Rules {
		r := settle.DefaultRules(shanghai)
		r.Mode = m
		return r
	}
	tests := []struct {
		name     string
		sale     string
		rules    settle.Rules
		due      string // a day, or "sale" for the sale time itself
		mode     settle.Mode
		instant  bool
		fellBack bool
		weekdays bool
	}{
		// weekends
		{"T+1 Friday to Monday", "2026-11-27 14:00", rules(settle.ModeT1), "2026-11-30", settle.ModeT1, false, false, false},
		{"T+1 Wednesday to Thursday", "2026-11-25 14:00", rules(settle.ModeT1), "2026-11-26", settle.ModeT1, false, false, false},
		{"T+1 Saturday to Monday", "2026-11-28 14:00", rules(settle.ModeT1), "2026-11-30", settle.ModeT1, false, false, false},
		{"T+1 Friday after cut-off", "2026-11-27 23:30", rules(settle.ModeT1), "2026-11-30", settle.ModeT1, false, false, false},
		{"T+0 Saturday to Monday", "2026-11-28 10:00", rules(settle.ModeT0), "2026-11-30", settle.ModeT0, false, false, false},
		{"T+0 Sunday to Monday", "2026-11-29 10:00", rules(settle.ModeT0), "2026-11-30", settle.ModeT0, false, false, false},
		{"T+0 Wednesday same day", "2026-11-25 10:00", rules(settle.ModeT0), "2026-11-25", settle.ModeT0, false, false, false},
		{"T+0 Friday after cut-off", "2026-11-27 23:00", rules(settle.ModeT0), "2026-11-30", settle.ModeT0, false, false, false},

		// National Day 2026: 10-01..10-07 off, 09-20 (Sun) and 10-10 (Sat) make-up days
		{"T+1 before National Day", "2026-09-30 15:00", rules(settle.ModeT1), "2026-10-08", settle.ModeT1, false, false, false},
		{"T+1 after cut-off into the holiday", "2026-09-30 23:30", rules(settle.ModeT1), "2026-10-08", settle.ModeT1, false, false, false},
		{"T+1 during the holiday", "2026-10-03 12:00", rules(settle.ModeT1), "2026-10-08", settle.ModeT1, false, false, false},
		{"T+1 make-up Saturday to Monday", "2026-10-10 10:00", rules(settle.ModeT1), "2026-10-12", settle.ModeT1, false, false, false},
		{"T+1 Friday to make-up Saturday", "2026-10-09 10:00", rules(settle.ModeT1), "2026-10-10", settle.ModeT1, false, false, false},
		{"T+1 Saturday to make-up Sunday", "2026-09-19 10:00", rules(settle.ModeT1), "2026-09-20", settle.ModeT1, false, false, false},
		{"T+0 make-up Saturday same day", "2026-10-10 10:00", rules(settle.ModeT0), "2026-10-10", settle.ModeT0, false, false, false},
		{"T+0 during the holiday", "2026-10-05 10:00", rules(settle.ModeT0), "2026-10-08", settle.ModeT0, false, false, false},
		{"T+1 before Mid-Autumn", "2026-09-24 10:00", rules(settle.ModeT1), "2026-09-28", settle.ModeT1, false, false, false},

		// cut-off edges on Wednesday 2026-11-25
		{"cut-off 22:59 same day", "2026-11-25 22:59", rules(settle.ModeT1), "2026-11-26", settle.ModeT1, false, false, false},
		{"cut-off 23:00 next day", "2026-11-25 23:00", rules(settle.ModeT1), "2026-11-27", settle.ModeT1, false, false, false},
		{"cut-off 23:30 next day", "2026-11-25 23:30", rules(settle.ModeT1), "2026-11-27", settle.ModeT1, false, false, false},
		{"cut-off 00:10 own day", "2026-11-26 00:10", rules(settle.ModeT1), "2026-11-27", settle.ModeT1, false, false, false},
		{"custom cut-off 22:00", "2026-11-25 22:15", settle.Rules{Mode: settle.ModeT1, Cutoff: 22 * time.Hour, Loc: shanghai}, "2026-11-27", settle.ModeT1, false, false, false},

		// 秒到 and its window, 07:00-22:30
		{"instant inside", "2026-11-25 10:00", rules(settle.ModeInstant), "sale", settle.ModeInstant, true, false, false},
		{"instant at window start", "2026-11-25 07:00", rules(settle.ModeInstant), "sale", settle.ModeInstant, true, false, false},
		{"instant on a holiday", "2026-10-03 10:00", rules(settle.ModeInstant), "sale", settle.ModeInstant, true, false, false},
		{"instant at window end falls back", "2026-11-25 22:30", rules(settle.ModeInstant), "2026-11-26", settle.ModeT1, false, true, false},
		{"instant 23:10 falls back after cut-off", "2026-11-25 23:10", rules(settle.ModeInstant), "2026-11-27", settle.ModeT1, false, true, false},
		{"instant 06:30 falls back", "2026-11-25 06:30", rules(settle.ModeInstant), "2026-11-26", settle.ModeT1, false, true, false},
		{"instant outside on a holiday", "2026-10-03 23:10", rules(settle.ModeInstant), "2026-10-08", settle.ModeT1, false, true, false},

		// calendar days
		{"D+1 across a holiday", "2026-09-30 15:00", rules(settle.ModeD1), "2026-10-01", settle.ModeD1, false, false, false},
		{"D+1 after cut-off", "2026-09-30 23:30", rules(settle.ModeD1), "2026-10-02", settle.ModeD1, false, false, false},
		{"D+1 Friday to Saturday", "2026-11-27 10:00", rules(settle.ModeD1), "2026-11-28", settle.ModeD1, false, false, false},
		{"D+0 on a holiday", "2026-10-03 10:00", rules(settle.ModeD0), "2026-10-03", settle.ModeD0, false, false, false},
		{"D+0 after cut-off", "2026-10-03 23:30", rules(settle.ModeD0), "2026-10-04", settle.ModeD0, false, false, false},

		// years the library does not know
		{"T+1 in 2099", "2099-01-02 10:00", rules(settle.ModeT1), "2099-01-05", settle.ModeT1, false, false, true},
		{"T+0 in 2099 weekday", "2099-01-01 10:00", rules(settle.ModeT0), "2099-01-01", settle.ModeT0, false, false, true},
		{"T+1 into an unknown year", "2027-12-31 10:00", rules(settle.ModeT1), "2028-01-03", settle.ModeT1, false, false, true},
		{"instant fallback in 2099", "2099-01-02 23:30", rules(settle.ModeInstant), "2099-01-05", settle.ModeT1, false, true, true},
		{"D+1 in 2099 needs no calendar", "2099-01-02 10:00", rules(settle.ModeD1), "2099-01-03", settle.ModeD1, false, false, false},

		// zero values fall back to the defaults
		{"zero rules are T+1 at 23:00", "2026-11-25 23:30", settle.Rules{}, "2026-11-27", settle.ModeT1, false, false, false},
		{"unknown mode is T+1", "2026-11-27 10:00", settle.Rules{Mode: "T+2"}, "2026-11-30", settle.ModeT1, false, false, false},
		{"zero window is 07:00-22:30", "2026-11-25 22:40", settle.Rules{Mode: settle.ModeInstant}, "2026-11-26", settle.ModeT1, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sale := at(t, tt.sale)
			got := settle.Due(sale, tt.rules)
			want := sale
			if tt.due != "sale" {
				want = day(t, tt.due)
			}
			if !got.Due.Equal(want) {
				t.Errorf("Due = %s, want %s", got.Due, want)
			}
			if got.Due.Location().String() != shanghai.String() {
				t.Errorf("Due zone = %s, want %s", got.Due.Location(), shanghai)
			}
			if got.Mode != tt.mode || got.Instant != tt.instant || got.FellBack != tt.fellBack || got.WeekdaysOnly != tt.weekdays {
				t.Errorf("got mode %s instant %v fellBack %v weekdaysOnly %v, want %s %v %v %v",
					got.Mode, got.Instant, got.FellBack, got.WeekdaysOnly, tt.mode, tt.instant, tt.fellBack, tt.weekdays)
			}
		})
	}
}

// TestDueConvertsZone gives the sale in UTC: 15:30 UTC is 23:30 in
// Shanghai, after the cut-off.
func TestDueConvertsZone(t *testing.T) {
	sale := time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)
	for _, loc := range []*time.Location{nil, shanghai} {
		got := settle.Due(sale, settle.DefaultRules(loc))
		if want := day(t, "2026-11-27"); !got.Due.Equal(want) {
			t.Errorf("loc %v: Due = %s, want %s", loc, got.Due, want)
		}
		if h, m, _ := got.Due.In(shanghai).Clock(); h != 0 || m != 0 {
			t.Errorf("loc %v: Due %s is not midnight in Shanghai", loc, got.Due)
		}
	}
}

func TestDefaultRules(t *testing.T) {
	got := settle.DefaultRules(nil)
	if got.Mode != settle.ModeT1 || got.Cutoff != 23*time.Hour ||
		got.InstantFrom != 7*time.Hour || got.InstantTo != 22*time.Hour+30*time.Minute {
		t.Errorf("DefaultRules = %+v", got)
	}
	if got.Loc == nil || got.Loc.String() != "Asia/Shanghai" {
		t.Errorf("DefaultRules(nil).Loc = %v, want Asia/Shanghai", got.Loc)
	}
}

func TestOverdue(t *testing.T) {
	dayDue := settle.Due(at(t, "2026-11-25 14:00"), settle.DefaultRules(shanghai)) // due Thu 11-26
	instant := settle.Due(at(t, "2026-11-25 10:00"), settle.Rules{Mode: settle.ModeInstant, Loc: shanghai})
	tests := []struct {
		name string
		e    settle.Estimate
		now  time.Time
		want bool
	}{
		{"day: the sale day", dayDue, at(t, "2026-11-25 20:00"), false},
		{"day: morning of the due day", dayDue, at(t, "2026-11-26 09:00"), false},
		{"day: last second of the due day", dayDue, at(t, "2026-11-26 23:59").Add(59 * time.Second), false},
		{"day: next midnight", dayDue, day(t, "2026-11-27"), true},
		{"day: next midnight in UTC", dayDue, day(t, "2026-11-27").UTC(), true},
		{"day: a week on", dayDue, at(t, "2026-12-03 12:00"), true},
		{"instant: ten minutes on", instant, at(t, "2026-11-25 10:10"), false},
		{"instant: exactly half an hour", instant, at(t, "2026-11-25 10:30"), false},
		{"instant: just over half an hour", instant, at(t, "2026-11-25 10:30").Add(time.Second), true},
		{"instant: two hours on", instant, at(t, "2026-11-25 12:00"), true},
		{"zero estimate", settle.Estimate{}, at(t, "2026-11-25 12:00"), false},
	}
	for _, tt := range tests {
		if got := tt.e.Overdue(tt.now); got != tt.want {
			t.Errorf("%s: Overdue(%s) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
	}
}

// checkError wants an error of one line naming the variable and showing
// the hint (accepted values or an example).
func checkError(t *testing.T, in string, err error, variable, hint string) {
	t.Helper()
	if err == nil {
		t.Errorf("%q: no error", in)
		return
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("%q: error is not one line: %q", in, msg)
	}
	if !strings.HasPrefix(msg, variable+": ") {
		t.Errorf("%q: error %q does not start with %s", in, msg, variable)
	}
	if !strings.Contains(msg, hint) {
		t.Errorf("%q: error %q does not show %q", in, msg, hint)
	}
}

func TestParseMode(t *testing.T) {
	good := []struct {
		in   string
		want settle.Mode
	}{
		{"T+1", settle.ModeT1}, {"t1", settle.ModeT1}, {"T1", settle.ModeT1}, {" t + 1 ", settle.ModeT1},
		{"", settle.ModeT1}, {"T+0", settle.ModeT0}, {"t0", settle.ModeT0},
		{"D+1", settle.ModeD1}, {"d1", settle.ModeD1}, {"D+0", settle.ModeD0}, {"d0", settle.ModeD0},
		{"T＋1", settle.ModeT1}, {"秒到", settle.ModeInstant}, {"instant", settle.ModeInstant}, {"Instant", settle.ModeInstant},
	}
	for _, tt := range good {
		got, err := settle.ParseMode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"T+2", "T+1d", "daily", "t 1x", "T+1\nD+0"} {
		_, err := settle.ParseMode(in)
		checkError(t, in, err, settle.EnvMode, "T+1, T+0, D+1, D+0, instant")
	}
}

func TestParseCutoff(t *testing.T) {
	good := []struct {
		in   string
		want time.Duration
	}{
		{"23:00", 23 * time.Hour}, {"9:30", 9*time.Hour + 30*time.Minute}, {" 22:45 ", 22*time.Hour + 45*time.Minute},
		{"24:00", 24 * time.Hour}, {"", 23 * time.Hour},
	}
	for _, tt := range good {
		got, err := settle.ParseCutoff(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCutoff(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"23", "25:00", "23:60", "24:30", "00:00", "ab:cd", "23:00:00", "11pm", "23:\n00"} {
		_, err := settle.ParseCutoff(in)
		checkError(t, in, err, settle.EnvCutoff, "example: 23:00")
	}
}

func TestParseWindow(t *testing.T) {
	good := []struct {
		in       string
		from, to time.Duration
	}{
		{"07:00-22:30", 7 * time.Hour, 22*time.Hour + 30*time.Minute},
		{" 8:00 - 20:00 ", 8 * time.Hour, 20 * time.Hour},
		{"00:00-24:00", 0, 24 * time.Hour},
		{"", 7 * time.Hour, 22*time.Hour + 30*time.Minute},
	}
	for _, tt := range good {
		from, to, err := settle.ParseWindow(tt.in)
		if err != nil || from != tt.from || to != tt.to {
			t.Errorf("ParseWindow(%q) = %s, %s, %v; want %s, %s", tt.in, from, to, err, tt.from, tt.to)
		}
	}
	for _, in := range []string{"07:00", "07:00-", "-22:30", "7-22", "22:00-07:00", "08:00-08:00", "24:00-24:00", "07:00-25:00", "07:00-22:30-23:00", "07:00-22:30\nx"} {
		_, _, err := settle.ParseWindow(in)
		checkError(t, in, err, settle.EnvInstantWindow, "example: 07:00-22:30")
	}
}

func TestModeIn(t *testing.T) {
	tests := []struct {
		text string
		want settle.Mode // "" for no match
	}{
		{"周五晚上9点刷的卡 t+1 什么时候到", settle.ModeT1},
		{"说好秒到 两个小时了", settle.ModeInstant},
		{"我们是d0", settle.ModeD0},
		{"次日到账的", settle.ModeT1},
		{"t1到账 怎么还没到", settle.ModeT1},
		{"我的是t + 0", settle.ModeT0},
		{"d+1的钱没到", settle.ModeD1},
		{"开通了d+0", settle.ModeD0},
		{"不是实时到账吗", settle.ModeInstant},
		{"即时到账怎么变成第二天了", settle.ModeInstant},
		{"当天到账", settle.ModeT0},
		{"当日到账还是次日", settle.ModeT0},
		{"说好秒到结果t+1才到", settle.ModeInstant}, // the first named wins
		{"t+1", settle.ModeT1},
		{"T+1到账", settle.ModeT1}, // lower-cased here when the caller did not
		{"买了件t恤", ""},
		{"1+1等于几", ""},
		{"t10终端", ""},
		{"型号t1s", ""},
		{"ipad0", ""},
		{"bt+1", ""},
		{"t+2", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := settle.ModeIn(tt.text)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ModeIn(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
}

func TestKnowsYear(t *testing.T) {
	tests := []struct {
		year int
		want bool
	}{
		{2025, true}, {2026, true}, {2028, false}, {2099, false},
	}
	for _, tt := range tests {
		if got := settle.KnowsYear(tt.year); got != tt.want {
			t.Errorf("KnowsYear(%d) = %v, want %v", tt.year, got, tt.want)
		}
	}
}

func TestDayText(t *testing.T) {
	tests := []struct {
		date, lang, want string
	}{
		{"2026-10-08", "zh", "10月8日（周四）"},
		{"2026-10-08", "zh-CN", "10月8日（周四）"},
		{"2026-10-08", "en", "Thu 8 Oct"},
		{"2026-10-08", "", "Thu 8 Oct"},
		{"2026-11-30", "zh", "11月30日（周一）"},
		{"2026-11-29", "en", "Sun 29 Nov"},
	}
	for _, tt := range tests {
		if got := settle.DayText(day(t, tt.date), tt.lang); got != tt.want {
			t.Errorf("DayText(%s, %q) = %q, want %q", tt.date, tt.lang, got, tt.want)
		}
	}
}

func FuzzParseWindow(f *testing.F) {
	for _, s := range []string{"07:00-22:30", "00:00-24:00", "22:00-07:00", "7-22", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := settle.ParseWindow(s)
		if err != nil {
			checkError(t, s, err, settle.EnvInstantWindow, "example")
			return
		}
		if from < 0 || to <= from || to > 24*time.Hour {
			t.Errorf("ParseWindow(%q) = %s, %s: not a window within a day", s, from, to)
		}
	})
}

func FuzzModeIn(f *testing.F) {
	for _, s := range []string{"t+1", "我们是d0", "说好秒到", "t恤", "1+1", "t + "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := settle.ModeIn(s)
		if ok {
			if _, err := settle.ParseMode(string(m)); err != nil {
				t.Errorf("ModeIn(%q) = %q, not a mode", s, m)
			}
		}
	})
}
