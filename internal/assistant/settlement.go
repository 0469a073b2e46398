package assistant

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/calendar"
	"github.com/posbot/posbot/internal/extract"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/settle"
)

// WithSettlement has money-arrival answers start with the day the money
// is due, worked out from the sale's time and the settlement rules.
func WithSettlement(r settle.Rules) Option {
	return func(a *Assistant) { a.settle = &r }
}

// WithClock sets the clock relative days (昨天, 周五) are read against.
func WithClock(now func() time.Time) Option { return func(a *Assistant) { a.now = now } }

var (
	// arrival asks when money comes, or says it has not.
	arrival = regexp.MustCompile(`到账|到帐|到了没|没到|未到|到没到|到不到|(什么时候|啥时候|几时|哪天|多久|何时|几号)(能|会|可以|才)?到|入账|回款|结算|拨款|(arrive|arrived|receive|received|credited|payout|paid out|settle|settled|settlement|get (my|the) money)`)
	// future names a day that has not come.
	future = regexp.MustCompile(`明天|后天|明早|明晚|下周|下礼拜|下星期|tomorrow|next week`)
	// monthDay is a date as merchants write it: 9月30日, 2月30号.
	monthDay = regexp.MustCompile(`([0-9]{1,2})月([0-9]{1,2})[日号]?`)
	// hoursAgo is "两个小时了", "3 hours": how long since the sale.
	hoursAgo = regexp.MustCompile(`([0-9]+|两|一|半|三|四|五|六)\s*(个)?\s*(小时|钟头|hours?|hrs?)`)
)

var cnDigits = map[string]int{"一": 1, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}

// settlement puts the due day before an answer about money not arrived,
// when the question says when the sale was: "按 T+1 结算，这笔预计 10月8日
// （周四）到账" — or that it is overdue, with the checks and a person on
// offer; or that the day named has not come, or does not exist.
func (a *Assistant) settlement(q Question, folded string, r *Reply) {
	if a.settle == nil || r.Action != ActionAnswer || r.Topic != kb.TopicMissingCredit || !arrival.MatchString(folded) {
		return
	}
	rules := *a.settle
	loc := rules.Loc
	if loc == nil {
		loc = calendar.Shanghai()
	}
	now := q.At
	if now.IsZero() {
		now = a.now()
	}
	now = now.In(loc)
	en := r.Lang == LangEN
	if m := monthDay.FindStringSubmatch(folded); m != nil && !validMonthDay(m[1], m[2]) {
		r.lead(pickLang(en, fmt.Sprintf("%s月%s日这个日期不存在，请再确认一下是哪天刷的卡或收的款。", m[1], m[2]),
			fmt.Sprintf("There is no %s/%s; please check which day the sale was.", m[1], m[2])))
		return
	}
	if future.MatchString(folded) {
		r.lead(pickLang(en, "你说的那天还没到，交易还没发生，所以还算不出到账日。请确认一下是哪天的交易。",
			"That day hasn't come yet, so there is no sale to settle; please check the date."))
		return
	}
	mode, named := settle.ModeIn(folded)
	if !named {
		mode = rules.Mode
	}
	rules.Mode = mode
	f := extract.Extract(saleWords(folded), now)
	var sale time.Time
	switch {
	case f.Date != "":
		day, err := time.ParseInLocation("2006-01-02", f.Date, loc)
		if err != nil {
			return
		}
		sale = day.Add(12 * time.Hour) // no time given: midday, clear of the cut-off
		if f.Time != "" {
			if t, err := time.Parse("15:04", f.Time); err == nil {
				sale = day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
			}
		}
	case mode == settle.ModeInstant:
		h := hoursAgo.FindStringSubmatch(folded)
		if h == nil {
			return
		}
		n, ok := cnDigits[h[1]]
		if !ok {
			n, _ = strconv.Atoi(h[1])
		}
		d := time.Duration(n) * time.Hour
		if h[1] == "半" {
			d = 30 * time.Minute
		}
		sale = now.Add(-d)
	default:
		return
	}
	if sale.After(now) {
		r.lead(pickLang(en, "这笔交易的时间还没到，请确认一下日期和时间。", "That sale's time hasn't come yet; please check the date and time."))
		return
	}
	e := settle.Due(sale, rules)
	day := func(lang string) string {
		text := settle.DayText(e.Due, lang)
		if y, m, d := now.Date(); e.Due.Year() == y && e.Due.Month() == m && e.Due.Day() == d {
			if lang == LangEN {
				return "today, " + text
			}
			return "今天 " + text
		}
		return text
	}
	var lead string
	switch {
	case e.Instant && e.Overdue(now):
		lead = pickLang(en, "秒到的交易一般几分钟内到账，这笔已经超过了预计时间。",
			"Instant settlement normally arrives within minutes; this one is overdue.")
	case e.Instant:
		lead = pickLang(en, "秒到的交易一般几分钟内到账，稍等一会儿再看看。", "Instant settlement normally arrives within minutes; please check again shortly.")
	default:
		how := string(e.Mode)
		if e.FellBack {
			how = pickLang(en, "秒到时段以外的交易按 T+1", "outside the instant window, T+1")
		}
		if e.Overdue(now) {
			lead = pickLang(en, fmt.Sprintf("按 %s 结算，这笔应在%s到账，现在已经超过预计时间。", how, day(LangZH)),
				fmt.Sprintf("Settled %s, this sale was due on %s and is now overdue.", how, day(LangEN)))
		} else {
			lead = pickLang(en, fmt.Sprintf("按 %s 结算，这笔预计%s到账。", how, day(LangZH)),
				fmt.Sprintf("Settled %s, this sale is due on %s.", how, day(LangEN)))
		}
	}
	if !named && !e.Instant {
		lead += pickLang(en, "（按本服务商默认的结算方式推算；你的合同如果不同，以合同为准。）", " (The provider's usual cycle; your contract may differ.)")
	}
	if e.WeekdaysOnly {
		lead += pickLang(en, "（当年的节假日安排还不知道，只跳过了周末。）", " (This year's public holidays are not known yet: only weekends were skipped.)")
	}
	if e.Overdue(now) {
		lead += "\n" + pickLang(en,
			"请依次检查：1. 结算卡是否有效、是否换过卡（换卡期间可能退汇）；2. 商户App里这笔是否显示风控延迟结算或资金冻结。都正常的话，点下面的“没解决，转人工”，这笔交易的时间会自动带上。",
			"Please check, in order: 1. your settlement card is valid and unchanged (a change can bounce the payout); 2. the merchant app shows no risk hold or freeze on it. If both are fine, press Not solved below to reach a person; the sale's details go along.")
	}
	r.Settlement = &e
	r.lead(lead)
}

// englishDays says an English sale time the way the date reader knows:
// "friday evening" as 周五晚上, "27 nov" as 11月27日.
var englishDays = strings.NewReplacer(
	"last night", "昨天晚上", "yesterday", "昨天", "this morning", "今天上午", "this afternoon", "今天下午", "tonight", "今天晚上", "today", "今天",
	"monday", "周一", "tuesday", "周二", "wednesday", "周三", "thursday", "周四", "friday", "周五", "saturday", "周六", "sunday", "周日",
	"evening", "晚上", "morning", "上午", "afternoon", "下午", "night", "晚上",
)

var (
	enDayMonth = regexp.MustCompile(`\b([0-9]{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b`)
	enMonthDay = regexp.MustCompile(`\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?\b`)
	enMonths   = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
)

func saleWords(folded string) string {
	s := enDayMonth.ReplaceAllStringFunc(folded, func(m string) string {
		g := enDayMonth.FindStringSubmatch(m)
		return fmt.Sprintf("%d月%s日", enMonths[g[2]], g[1])
	})
	s = enMonthDay.ReplaceAllStringFunc(s, func(m string) string {
		g := enMonthDay.FindStringSubmatch(m)
		return fmt.Sprintf("%d月%s日", enMonths[g[1]], g[2])
	})
	return englishDays.Replace(s)
}

func validMonthDay(ms, ds string) bool {
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	// 2024 is a leap year: 2月29日 exists in some years.
	t := time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

func pickLang(en bool, zh, eng string) string {
	if en {
		return eng
	}
	return zh
}

// lead puts text before the answer, short and full alike.
func (r *Reply) lead(text string) {
	r.Text = text + "\n\n" + r.Text
	if r.Short != "" {
		r.Short = text + "\n\n" + r.Short
	}
}
