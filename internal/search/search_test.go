package search_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/search"
	"github.com/posbot/posbot/internal/search/searchtest"
)

func art(id, topic, title, keywords, questions, body, en string) []byte {
	return []byte(fmt.Sprintf("---\nid: %s\ntitle: %s\ntopic: %s\nkeywords: [%s]\nquestions: [%s]\nen: %q\n---\n%s\n", id, title, topic, keywords, questions, en, body))
}

func mustIndex(tb testing.TB, fsys fstest.MapFS) *search.Index {
	tb.Helper()
	_, ix := searchtest.Build(tb, fsys)
	return ix
}

func smallKB() fstest.MapFS {
	return fstest.MapFS{
		"a.md":          {Data: art("credit", "missing-credit", "扫码收款没到账", "到账, 扫码", "扫码的钱没到账", "按结算周期到账，T+1 次个工作日。", "QR payment not credited: settlement is T+1.")},
		"b.md":          {Data: art("frozen", "suspension", "终端被冻结", "冻结, 风控", "机器被冻结了", "风控核查期间终端暂停使用。", "Terminal suspended by risk control.")},
		"c.md":          {Data: art("printer", "device", "打印机不出纸", "打印, 缺纸", "小票打不出来", "检查纸卷方向。", "Printer does not print: check the paper roll.")},
		kb.SynonymsFile: {Data: []byte("到账 入账 进账\n扫码 二维码 收款码\n暂停 停用 冻结\n")},
	}
}

func TestSearchFindsArticle(t *testing.T) {
	ix := mustIndex(t, smallKB())
	tests := []struct{ q, want string }{
		{"扫码的钱没到账", "credit"},
		{"二维码收的钱还没入账", "credit"},              // synonyms
		{"掃碼的錢沒進賬", "credit"},                 // traditional characters
		{"ＱＲ　收款码　没到账", "credit"},              // full width
		{"机器被停用了", "frozen"},                  // 停用 folds into the same word as 冻结
		{"printer does not print", "printer"}, // English
	}
	for _, tt := range tests {
		hits, err := ix.Search(tt.q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Article.ID != tt.want {
			t.Errorf("Search(%q) top = %v, want %s", tt.q, ids(hits), tt.want)
			continue
		}
		if hits[0].Confidence < assistant.DefaultMinConfidence {
			t.Errorf("Search(%q) confidence %.2f, want ≥ %.3f", tt.q, hits[0].Confidence, assistant.DefaultMinConfidence)
		}
	}
}

// Dialect words are rewritten before synonyms, so that a Cantonese ending
// inside a word (停咗) still meets that word's synonym group (停了).
func TestDialectBeforeSynonyms(t *testing.T) {
	fsys := smallKB()
	fsys[kb.SynonymsFile] = &fstest.MapFile{Data: []byte("暂停 停用 冻结 停了\n")}
	with := mustIndex(t, fsys)
	fsys[kb.DialectFile] = &fstest.MapFile{Data: []byte("了 咗\n机器 部机\n")}
	dialect := mustIndex(t, fsys)
	q := "部機俾人停咗"
	if hits, _ := dialect.Search(q, 3); len(hits) == 0 || hits[0].Article.ID != "frozen" {
		t.Errorf("with dialect.txt, Search(%q) = %v, want frozen first", q, ids(hits))
	}
	if hits, _ := with.Search(q, 3); len(hits) > 0 && hits[0].Article.ID == "frozen" && hits[0].Confidence >= assistant.DefaultMinConfidence {
		t.Errorf("without dialect.txt, Search(%q) already finds frozen: the test proves nothing", q)
	}
}

// A transaction's particulars, labels included, tell an agent which sale;
// they must not make the question look less answerable.
func TestParticularsDoNotLowerConfidence(t *testing.T) {
	ix := mustIndex(t, smallKB())
	plain, err := ix.Search("扫码的钱没到账", 1)
	if err != nil || len(plain) == 0 {
		t.Fatalf("plain question: %v %v", ids(plain), err)
	}
	for _, q := range []string{
		"商户号898440153990123 终端号12345678 扫码的钱没到账 尾号6621",
		"订单号：4200001234567890 扫码的钱没到账 11月3号 520元",
	} {
		hits, err := ix.Search(q, 1)
		if err != nil || len(hits) == 0 || hits[0].Article.ID != "credit" {
			t.Fatalf("Search(%q) = %v %v, want credit", q, ids(hits), err)
		}
		if d := hits[0].Confidence - plain[0].Confidence; d < -0.001 {
			t.Errorf("Search(%q) confidence %.3f, the question alone %.3f", q, hits[0].Confidence, plain[0].Confidence)
		}
	}
}

func TestConfidenceLowOffTopic(t *testing.T) {
	ix := mustIndex(t, smallKB())
	for _, q := range []string{"今天天气怎么样", "推荐一只股票", "红烧肉怎么做"} {
		hits, err := ix.Search(q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) > 0 && hits[0].Confidence >= 0.5 {
			t.Errorf("Search(%q) = %s with confidence %.2f, want < 0.5", q, hits[0].Article.ID, hits[0].Confidence)
		}
	}
}

func TestSearchOddInput(t *testing.T) {
	ix := mustIndex(t, smallKB())
	for _, q := range []string{"", "   ", "\x00\xff\xfe", strings.Repeat("没到账", 40000), "？？？", "12345"} {
		if _, err := ix.Search(q, 3); err != nil {
			t.Errorf("Search(%.20q): %v", q, err)
		}
	}
}

func ids(hits []assistant.Candidate) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s(%.2f)", h.Article.ID, h.Confidence))
	}
	return out
}
