package search

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/knowledge"
)

// The regular expressions cutDetails replaces, to check it does just what
// they did.
var (
	detailsRE  = regexp.MustCompile(`[0-9]+([.:][0-9]+)?\s*(%|元|块钱|块|万|千|百|笔|天|日|号|月|年|点半|点|分钟|分|小时|秒|次|台|个|张|w|k)?`)
	labelledRE = regexp.MustCompile(`(商户号|商户编号|商编|终端号|终端编号|尾号|卡号|参考号|检索参考号|凭证号|批次号|订单号|交易单号|流水号|单号|授权号|手机号|mid|tid)\s*[:：#]?\s*[0-9][0-9*xX\s-]*`)
)

func cutDetailsRE(s string) string {
	return detailsRE.ReplaceAllString(labelledRE.ReplaceAllString(s, " "), " ")
}

func TestCutDetailsMatchesRegexps(t *testing.T) {
	texts := []string{
		"商户号898123456789012 终端号12345678 昨天10:30收了1.5万元", "尾号6621的卡", "订单号：4200 0012-34",
		"5尾号1234元", "单号", "商户号：", "tid 88", "mid:5", "1.2.3", "12 点半", "3 块钱", "T+1", "10%", "5k", "satid 5",
		"检索参考号 123456", "凭证号#000123", "卡号6222 **** **** 1234", "2026-12-01", "1:", "1.", ":5",
	}
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range k.Articles {
		texts = append(texts, a.Title, a.Body, a.English)
		texts = append(texts, a.Questions...)
	}
	pieces := []string{"商户号", "商户编号", "终端", "编号", "尾号", "检索", "参考号", "单号", "订", "mid", "tid", "x", "X", "*", "-", " ", "\t", ":", "：", "#", ".", "0", "5", "12", "元", "块", "钱", "点", "半", "分", "钟", "小时", "w", "k", "%", "钱没到账", "a", "号"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := cutDetails(s), cutDetailsRE(s); got != want {
			t.Errorf("cutDetails(%q) = %q, want %q", s, got, want)
		}
	}
}

func BenchmarkPrepare(b *testing.B) {
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		b.Fatal(err)
	}
	p := newPreparer(k.Synonyms, k.Dialect)
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range k.Articles {
			p.prepare(a.Body)
		}
	}
}

func TestMarkRates(t *testing.T) {
	for in, want := range map[string]string{
		"信用卡0.6 是不是太高了": "信用卡 费率  是不是太高了",
		"扫码0.38%":       "扫码 费率 ",
		"外卡2.5%手续费":     "外卡 费率 手续费",
		"收了0.5元":        "收了0.5元",
		"卡在99%":         "卡在99%",
		"版本1.5":         "版本1.5",
		"10.5%":         "10.5%",
		"v2.0.38":       "v2.0.38",
		"no dot 51":     "no dot 51",
	} {
		if got := markRates(in); got != want {
			t.Errorf("markRates(%q) = %q, want %q", in, got, want)
		}
	}
}
