package eval_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/eval"
	"github.com/posbot/posbot/internal/kb"
)

func TestParse(t *testing.T) {
	cases, err := eval.Parse(strings.NewReader("# comment\n\nfees\t费率多少\r\nhandoff\t转人工\n"), "q.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Label() != "fees" || cases[0].Question != "费率多少" || cases[1].Line != 4 {
		t.Errorf("cases = %+v", cases)
	}
	for _, bad := range []struct{ in, want string }{
		{"fees 费率多少\n", "q.tsv:1: want label<TAB>question"},
		{"\nweather\t天气\n", `q.tsv:2: unknown label "weather"`},
		{"# only a comment\n", "no questions"},
		{"# now: yesterday\nfees\t费率多少\n", "q.tsv:1: # now: want a time"},
	} {
		_, err := eval.Parse(strings.NewReader(bad.in), "q.tsv")
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Parse(%q) = %v, want %q", bad.in, err, bad.want)
		}
	}
}

// A "# now:" line fixes the clock of the cases after it.
func TestParseClock(t *testing.T) {
	cases, err := eval.Parse(strings.NewReader("昨天的钱没到\t11月29日\n# now: 2026-11-30T10:00:00+08:00\n周五刷的卡哪天到\t11月30日\n"), "s.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !cases[0].At.IsZero() || cases[1].At.Format("2006-01-02 15:04") != "2026-11-30 10:00" {
		t.Errorf("clocks %v %v", cases[0].At, cases[1].At)
	}
}

// answerer replies from a fixed table, to check the scoring alone.
type answerer map[string]assistant.Reply

func (a answerer) Answer(q assistant.Question) (assistant.Reply, error) { return a[q.Text], nil }

func TestRun(t *testing.T) {
	a := answerer{
		"费率":  {Action: assistant.ActionAnswer, Topic: kb.TopicFees},
		"冻结":  {Action: assistant.ActionAnswer, Topic: kb.TopicFees},
		"转人工": {Action: assistant.ActionHandoff},
		"天气":  {Action: assistant.ActionAnswer, Topic: kb.TopicDevice},
	}
	cases := []eval.Case{
		{Labels: []string{"fees"}, Question: "费率"},
		{Labels: []string{"suspension"}, Question: "冻结"},
		{Labels: []string{"handoff"}, Question: "转人工"},
		{Labels: []string{"no_answer"}, Question: "天气"},
	}
	rep, err := eval.Run(a, cases)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rep.Overall, (eval.Tally{Correct: 2, Total: 4}); got != want {
		t.Errorf("overall %+v, want %+v", got, want)
	}
	if rep.FalseAnswers != 1 || rep.ByLabel["suspension"].Correct != 0 || rep.ByLabel["handoff"].Rate() != 1 {
		t.Errorf("report %+v", rep)
	}
	var out bytes.Buffer
	rep.Print(&out, true)
	for _, want := range []string{"fees", "handoff detected", "off-topic refused", "accuracy: 2/4 50.0%", "MISS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// A close answers thanks: the close label wants it, and a no_answer label
// accepts it since it is no article either; a plain no_answer is no close.
// Cases with earlier turns are counted as conversations.
func TestClose(t *testing.T) {
	a := answerer{
		"谢谢":   {Action: assistant.ActionNoAnswer, Courtesy: assistant.CourtesyClose},
		"好的":   {Action: assistant.ActionNoAnswer, Courtesy: assistant.CourtesyClose},
		"明白":   {Action: assistant.ActionNoAnswer},
		"刷卡51": {Action: assistant.ActionAnswer, Topic: kb.TopicDeclined},
	}
	cases := []eval.Case{
		{Labels: []string{"close"}, Question: "谢谢", Before: []string{"刷卡51"}},
		{Labels: []string{"no_answer"}, Question: "好的"},
		{Labels: []string{"close"}, Question: "明白"},
	}
	rep, err := eval.Run(a, cases)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overall.Correct != 2 || rep.ByLabel["close"].Correct != 1 || rep.Conversations != (eval.Tally{Correct: 1, Total: 1}) {
		t.Errorf("overall %+v, close %+v, conversations %+v", rep.Overall, rep.ByLabel["close"], rep.Conversations)
	}
	if _, err := eval.Parse(strings.NewReader("close\t谢谢\nthanks\t好的\n"), "c.tsv"); err == nil || !strings.Contains(err.Error(), "c.tsv:2") {
		t.Errorf("unknown label: %v", err)
	}
}

func TestQuestions(t *testing.T) {
	fsys := fstest.MapFS{"q.tsv": {Data: []byte("# a comment\ndevice\t打印机不出纸\n\nmissing-credit\t扫码没到账\t那刷卡的呢\n")}}
	qs, err := eval.Questions(fsys, "q.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"打印机不出纸", "那刷卡的呢"}; !slices.Equal(qs, want) {
		t.Errorf("Questions = %q, want %q", qs, want)
	}
	if _, err := eval.Questions(fsys, "missing.tsv"); err == nil {
		t.Error("a missing file gave no error")
	}
}
