package gaps_test

import (
	"testing"
	"time"

	"github.com/posbot/posbot/internal/gaps"
)

func TestReportGroupsSimilarQuestions(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	history := []gaps.Event{
		{At: at(1), Kind: gaps.KindNoAnswer, Question: "押金能退吗", Article: "fees-unexpected-charges"},
		{At: at(2), Kind: gaps.KindNoAnswer, Question: "POS机押金怎么退"},
		{At: at(3), Kind: gaps.KindHandoff, Question: "押金什么时候能退回来"},
		{At: at(4), Kind: gaps.KindNotHelpful, Question: "退押金要多久", Article: "fees-unexpected-charges"},
		{At: at(5), Kind: gaps.KindNotHelpful, Question: "花呗收款要开通吗", Article: "application-apply"},
		{At: at(6), Kind: gaps.KindNoAnswer, Question: "怎么开通花呗收款"},
		{At: at(7), Kind: gaps.KindNoAnswer, Question: "今天天气怎么样"},
		{At: at(8), Kind: gaps.KindNoAnswer, Question: "押金能退吗"},
	}
	groups := gaps.Report(history, 3)
	if len(groups) != 3 {
		for _, g := range groups {
			t.Logf("%d %v %v", g.Count, g.Kinds, g.Examples)
		}
		t.Fatalf("%d groups, want 3 (deposit, Huabei, weather)", len(groups))
	}
	dep := groups[0]
	if dep.Count != 5 || dep.Kinds[gaps.KindNoAnswer] != 3 || dep.Kinds[gaps.KindHandoff] != 1 || dep.Kinds[gaps.KindNotHelpful] != 1 {
		t.Errorf("deposit group %+v", dep)
	}
	if dep.Article != "fees-unexpected-charges" || len(dep.Examples) != 3 || dep.Examples[0] != "押金能退吗" {
		t.Errorf("deposit group article %q examples %v", dep.Article, dep.Examples)
	}
	if groups[1].Count != 2 || groups[1].Article != "application-apply" {
		t.Errorf("Huabei group %+v", groups[1])
	}
	if groups[2].Count != 1 {
		t.Errorf("weather group %+v", groups[2])
	}
}

func TestReportEmpty(t *testing.T) {
	if g := gaps.Report(nil, 3); len(g) != 0 {
		t.Errorf("%v", g)
	}
	if g := gaps.Report([]gaps.Event{{Question: "？？"}, {Question: ""}}, 3); len(g) != 2 {
		t.Errorf("questions with no words each stand alone: %d groups", len(g))
	}
}

func TestReportKeepsDifferentQuestionsApart(t *testing.T) {
	pairs := [][2]string{{"打印机不出纸", "机器开不了机"}, {"费率多少", "押金能退吗"}, {"结算卡怎么换", "怎么申请POS机"}, {"refund a customer", "change settlement card"}}
	for _, p := range pairs {
		groups := gaps.Report([]gaps.Event{{Question: p[0]}, {Question: p[1]}}, 3)
		if len(groups) != 2 {
			t.Errorf("%q and %q grouped together", p[0], p[1])
		}
	}
}
