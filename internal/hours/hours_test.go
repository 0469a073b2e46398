package hours_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai without system zoneinfo

	"github.com/posbot/posbot/internal/hours"
)

const spec = "Mon-Fri 09:00-18:00, Sat 10:00-16:00"

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load Asia/Shanghai: %v", err)
	}
	return loc
}

func mustParse(t *testing.T, spec string) *hours.Schedule {
	t.Helper()
	s, err := hours.Parse(spec, shanghai(t))
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	return s
}

// at reads "2006-01-02 15:04" in Shanghai time.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai(t))
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return tm
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, spec, reason string
	}{
		{"unknown day", "Mon-Fry 9-18", `unknown day "Fry"`},
		{"unknown single day", "Sunday 10:00-12:00", `unknown day "Sunday"`},
		{"bad time", "Mon-Fri 9-18", `bad time "9": want HH:MM`},
		{"bad minutes", "Mon-Fri 09:60-18:00", `bad time "09:60"`},
		{"hour past 24", "Mon-Fri 09:00-25:00", `bad time "25:00"`},
		{"start at 24", "Mon 24:00-24:00", `bad time "24:00"`},
		{"no dash in hours", "Mon-Fri 0900", `bad hours "0900"`},
		{"end before start", "Mon-Fri 18:00-09:00", `hours "18:00-09:00": end must be after start`},
		{"end equals start", "Sat 10:00-10:00", "end must be after start"},
		{"day twice", "Mon-Fri 09:00-18:00, Fri 10:00-16:00", `day "Fri" appears in more than one part`},
		{"day twice in ranges", "Mon-Wed 09:00-18:00, tue-thu 10:00-16:00", `day "Tue" appears in more than one part`},
		{"garbage", "whenever", `part "whenever": want days then hours`},
		{"words", "open sometimes", `unknown day "open"`},
		{"no hours", "Mon-Fri", `part "Mon-Fri": want days then hours`},
		{"empty part", "Mon-Fri 09:00-18:00,,Sat 10:00-16:00", "empty part between commas"},
		{"three days", "Mon-Wed-Fri 09:00-18:00", `bad days "Mon-Wed-Fri"`},
		{"newline", "Mon-Fri 09:00-18:00\nSat", "want days then hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hours.Parse(tt.spec, shanghai(t))
			if err == nil {
				t.Fatalf("Parse(%q): no error", tt.spec)
			}
			got := err.Error()
			for _, want := range []string{"BUSINESS_HOURS: ", tt.reason, "; example: " + hours.Example} {
				if !strings.Contains(got, want) {
					t.Errorf("error %q lacks %q", got, want)
				}
			}
			if strings.Contains(got, "\n") {
				t.Errorf("error %q is more than one line", got)
			}
		})
	}
}

func TestParseErrorExact(t *testing.T) {
	_, err := hours.Parse("Mon-Fry 9-18", shanghai(t))
	want := `BUSINESS_HOURS: "Mon-Fry 9-18": unknown day "Fry"; example: Mon-Fri 09:00-18:00, Sat 10:00-16:00`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if hours.EnvVar != "BUSINESS_HOURS" {
		t.Errorf("EnvVar = %q", hours.EnvVar)
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		spec, wantEN string
	}{
		{spec, "Mon–Fri 09:00–18:00, Sat 10:00–16:00 (closed on public holidays)"},
		{"mon-FRI 09:00-18:00 ,  SAT 10:00-16:00", "Mon–Fri 09:00–18:00, Sat 10:00–16:00 (closed on public holidays)"},
		{"Sat 10:00-16:00, Mon-Fri 9:00-18:00", "Mon–Fri 09:00–18:00, Sat 10:00–16:00 (closed on public holidays)"},
		{"Sun-Tue 08:30-24:00", "Mon–Tue 08:30–24:00, Sun 08:30–24:00 (closed on public holidays)"},
		{"Mon-Wed 09:00-18:00, Thu 09:00-18:00, Fri 09:00-17:00", "Mon–Thu 09:00–18:00, Fri 09:00–17:00 (closed on public holidays)"},
		{"Mon 09:00-12:00, Wed 09:00-12:00", "Mon 09:00–12:00, Wed 09:00–12:00 (closed on public holidays)"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s := mustParse(t, tt.spec)
			if s.Always() {
				t.Errorf("Always() = true")
			}
			if got := s.Describe("en"); got != tt.wantEN {
				t.Errorf("Describe(en) = %q, want %q", got, tt.wantEN)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	s := mustParse(t, spec)
	tests := []struct {
		lang, want string
	}{
		{"zh", "周一至周五 09:00-18:00，周六 10:00-16:00（法定节假日休息）"},
		{"zh-CN", "周一至周五 09:00-18:00，周六 10:00-16:00（法定节假日休息）"},
		{"en", "Mon–Fri 09:00–18:00, Sat 10:00–16:00 (closed on public holidays)"},
		{"", "Mon–Fri 09:00–18:00, Sat 10:00–16:00 (closed on public holidays)"},
	}
	for _, tt := range tests {
		if got := s.Describe(tt.lang); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestAlways(t *testing.T) {
	for _, spec := range []string{"", "  ", "24/7", " 24/7 "} {
		t.Run(spec, func(t *testing.T) {
			s := mustParse(t, spec)
			if !s.Always() {
				t.Fatalf("Always() = false")
			}
			// National Day, at night: still open.
			tm := at(t, "2026-10-01 03:00")
			if !s.Open(tm) {
				t.Errorf("Open(%v) = false", tm)
			}
			if got := s.NextOpen(tm); !got.Equal(tm) {
				t.Errorf("NextOpen = %v, want %v", got, tm)
			}
			if got := s.NextOpenText(tm, "zh"); got != "" {
				t.Errorf("NextOpenText = %q, want empty", got)
			}
			if got, want := s.Elapsed(tm, tm.Add(90*time.Minute)), 90*time.Minute; got != want {
				t.Errorf("Elapsed = %v, want %v", got, want)
			}
			if got, want := s.Describe("zh"), "7×24小时"; got != want {
				t.Errorf("Describe(zh) = %q, want %q", got, want)
			}
			if got, want := s.Describe("en"), "24/7"; got != want {
				t.Errorf("Describe(en) = %q, want %q", got, want)
			}
		})
	}
}

// March 2026 has no public holidays: 9 March is a Monday, 14 a Saturday.
func TestOpen(t *testing.T) {
	s := mustParse(t, spec)
	tests := []struct {
		when string
		want bool
	}{
		{"2026-03-09 08:59", false},
		{"2026-03-09 09:00", true},
		{"2026-03-09 12:30", true},
		{"2026-03-09 17:59", true},
		{"2026-03-09 18:00", false},
		{"2026-03-13 17:00", true},  // Friday
		{"2026-03-14 09:30", false}, // Saturday opens at 10
		{"2026-03-14 10:00", true},
		{"2026-03-14 15:59", true},
		{"2026-03-14 16:00", false},
		{"2026-03-15 12:00", false}, // Sunday
	}
	for _, tt := range tests {
		if got := s.Open(at(t, tt.when)); got != tt.want {
			t.Errorf("Open(%s) = %v, want %v", tt.when, got, tt.want)
		}
	}
}

func TestOpenOtherZone(t *testing.T) {
	s := mustParse(t, spec)
	// 01:30 UTC is 09:30 in Shanghai on Monday 9 March 2026.
	tm := time.Date(2026, 3, 9, 1, 30, 0, 0, time.UTC)
	if !s.Open(tm) {
		t.Errorf("Open(%v) = false, want true", tm)
	}
}

// The 2026 dates below are lunar-go v1.4.7's: holidays 1–7 Oct (National
// Day) and 25–27 Sep (Mid-Autumn), 15–23 Feb (Spring Festival); make-up
// working days on weekends 4 Jan (Sun), 14 Feb (Sat), 28 Feb (Sat), 9 May
// (Sat), 20 Sep (Sun) and 10 Oct (Sat).
func TestOpenHolidays(t *testing.T) {
	s := mustParse(t, spec)
	tests := []struct {
		when string
		want bool
	}{
		{"2026-10-01 10:00", false}, // Thursday, National Day
		{"2026-10-07 10:00", false}, // Wednesday, last day off
		{"2026-10-08 09:00", true},  // Thursday, back to work
		{"2026-02-16 10:00", false}, // Monday, Spring Festival
		{"2026-09-25 10:00", false}, // Friday, Mid-Autumn
		{"2026-05-05 10:00", false}, // Tuesday, Labour Day
		{"2026-09-20 08:59", false}, // Sunday, make-up working day
		{"2026-09-20 09:00", true},
		{"2026-09-20 17:59", true},
		{"2026-09-20 18:00", false},
		{"2026-10-10 09:30", true}, // Saturday, make-up: weekday hours, not 10-16
		{"2026-10-10 17:00", true},
		{"2026-02-14 09:00", true}, // Saturday, make-up for Spring Festival
		{"2026-02-28 17:30", true},
		{"2026-05-09 09:15", true},
		{"2026-01-04 12:00", true},  // Sunday, make-up for New Year
		{"2026-10-11 12:00", false}, // an ordinary Sunday again
	}
	for _, tt := range tests {
		if got := s.Open(at(t, tt.when)); got != tt.want {
			t.Errorf("Open(%s) = %v, want %v", tt.when, got, tt.want)
		}
	}
}

func TestMakeUpDayWithoutMonday(t *testing.T) {
	s := mustParse(t, "Tue-Fri 09:30-17:30, Sat 10:00-12:00")
	tests := []struct {
		when string
		want bool
	}{
		{"2026-09-20 09:29", false}, // Sunday make-up day opens with Tuesday's hours
		{"2026-09-20 09:30", true},
		{"2026-10-10 16:00", true}, // Saturday make-up day: weekday hours
		{"2026-10-10 17:30", false},
	}
	for _, tt := range tests {
		if got := s.Open(at(t, tt.when)); got != tt.want {
			t.Errorf("Open(%s) = %v, want %v", tt.when, got, tt.want)
		}
	}
}

func TestNextOpen(t *testing.T) {
	s := mustParse(t, spec)
	tests := []struct {
		name, when, want string
	}{
		{"before opening", "2026-03-09 08:00", "2026-03-09 09:00"},
		{"open now", "2026-03-09 12:00", "2026-03-09 12:00"},
		{"at closing", "2026-03-09 18:00", "2026-03-10 09:00"},
		{"friday night", "2026-03-13 19:00", "2026-03-14 10:00"},
		{"saturday evening", "2026-03-14 16:00", "2026-03-16 09:00"},
		{"sunday", "2026-03-15 11:00", "2026-03-16 09:00"},
		{"before national day", "2026-09-30 19:00", "2026-10-08 09:00"},
		{"during national day", "2026-10-03 11:00", "2026-10-08 09:00"},
		{"before mid-autumn", "2026-09-24 19:00", "2026-09-28 09:00"},
		{"saturday before make-up sunday", "2026-09-19 17:00", "2026-09-20 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := s.NextOpen(at(t, tt.when)), at(t, tt.want)
			if !got.Equal(want) {
				t.Errorf("NextOpen(%s) = %v, want %v", tt.when, got, want)
			}
		})
	}
}

func TestNextOpenNationalDayExact(t *testing.T) {
	s := mustParse(t, spec)
	tm := at(t, "2026-09-30 19:00")
	if got, want := s.NextOpen(tm).Format(time.RFC3339), "2026-10-08T09:00:00+08:00"; got != want {
		t.Errorf("NextOpen = %s, want %s", got, want)
	}
	if got, want := s.NextOpenText(tm, "zh"), "下个工作日 10月8日 09:00"; got != want {
		t.Errorf("NextOpenText(zh) = %q, want %q", got, want)
	}
}

func TestNextOpenText(t *testing.T) {
	s := mustParse(t, spec)
	tests := []struct {
		when, zh, en string
	}{
		{"2026-03-09 12:00", "", ""},
		{"2026-03-09 07:45", "今天 09:00", "today at 09:00"},
		{"2026-03-09 19:00", "明天 09:00", "tomorrow at 09:00"},
		{"2026-03-13 23:59", "明天 10:00", "tomorrow at 10:00"},
		{"2026-03-14 17:00", "下个工作日 3月16日 09:00", "next working day, 16 Mar at 09:00"},
		{"2026-09-30 19:00", "下个工作日 10月8日 09:00", "next working day, 8 Oct at 09:00"},
		{"2026-09-19 17:00", "明天 09:00", "tomorrow at 09:00"},
	}
	for _, tt := range tests {
		tm := at(t, tt.when)
		if got := s.NextOpenText(tm, "zh"); got != tt.zh {
			t.Errorf("NextOpenText(%s, zh) = %q, want %q", tt.when, got, tt.zh)
		}
		if got := s.NextOpenText(tm, "en"); got != tt.en {
			t.Errorf("NextOpenText(%s, en) = %q, want %q", tt.when, got, tt.en)
		}
	}
}

func TestElapsed(t *testing.T) {
	s := mustParse(t, spec)
	tests := []struct {
		name, from, to string
		want           time.Duration
	}{
		{"within hours", "2026-03-09 10:00", "2026-03-09 10:10", 10 * time.Minute},
		{"reversed", "2026-03-09 10:10", "2026-03-09 10:00", 0},
		{"closed all along", "2026-03-09 19:00", "2026-03-09 23:00", 0},
		{"across a night", "2026-03-09 17:50", "2026-03-10 09:10", 20 * time.Minute},
		{"before opening", "2026-03-10 07:00", "2026-03-10 09:05", 5 * time.Minute},
		{"across sunday", "2026-03-14 15:55", "2026-03-16 09:05", 10 * time.Minute},
		{"across a weekend", "2026-03-13 17:55", "2026-03-16 09:05", 6*time.Hour + 10*time.Minute},
		{"across national day", "2026-09-30 17:55", "2026-10-08 09:05", 10 * time.Minute},
		{"whole week", "2026-03-09 00:00", "2026-03-16 00:00", 5*9*time.Hour + 6*time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Elapsed(at(t, tt.from), at(t, tt.to)); got != tt.want {
				t.Errorf("Elapsed(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{spec, "24/7", "", "Mon-Fry 9-18", "Sun-Tue 08:30-24:00", "Mon 09:00-12:00,,"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := hours.Parse(spec, time.UTC)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, hours.EnvVar+": ") || strings.Contains(msg, "\n") {
				t.Fatalf("bad error %q", msg)
			}
			return
		}
		tm := time.Date(2026, 9, 30, 19, 0, 0, 0, time.UTC)
		next := s.NextOpen(tm)
		if next.IsZero() || next.Before(tm) || !s.Open(next) {
			t.Fatalf("NextOpen(%v) = %v", tm, next)
		}
		_ = s.Describe("zh")
		_ = s.NextOpenText(tm, "en")
	})
}
