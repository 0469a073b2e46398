// Package calendar is China's calendar as posbot needs it: public
// holidays and make-up working days (调休) from github.com/6tail/lunar-go,
// and calendar-day steps in the merchants' zone. Business hours and
// settlement dates both read it.
package calendar

import (
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// Day is what the holiday calendar says of a date.
type Day int

// Kinds of day.
const (
	Ordinary Day = iota // the calendar says nothing: the weekday decides
	Holiday             // a public holiday, closed
	MakeUp              // a make-up working day (调休), open as a weekday
)

// Of is what the calendar says of y-m-d. It never calls HolidayUtil.Fix,
// which changes the library's shared data, so it is safe to use from many
// goroutines.
func Of(y int, m time.Month, d int) Day {
	h := HolidayUtil.GetHolidayByYmd(y, int(m), d)
	switch {
	case h == nil:
		return Ordinary
	case h.IsWork():
		return MakeUp
	}
	return Holiday
}

// KnowsYear reports whether the calendar knows a year's public holidays,
// that is, lists at least one holiday or make-up day in it.
func KnowsYear(year int) bool {
	return HolidayUtil.GetHolidaysByYear(year).Len() > 0
}

// Shanghai is China Standard Time, which has had no daylight saving since
// 1991, so a fixed UTC+8 zone stands in where no zone database is found.
var Shanghai = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*60*60)
})

// Midnight is the start of t's day, in t's zone.
func Midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// NextDay steps by calendar day, not 24 hours, so that zones with daylight
// saving time stay on midnight.
func NextDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, day.Location())
}
