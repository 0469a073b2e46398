package search

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/posbot/posbot/internal/kb"
)

func article(id, topic, title, keywords, questions string) []byte {
	return []byte(fmt.Sprintf("---\nid: %s\ntitle: %s\ntopic: %s\nkeywords: [%s]\nquestions: [%s]\n---\n正文。\n", id, title, topic, keywords, questions))
}

// A word only refusal groups have (a personal phone) counts against every
// answer that lacks it; words the answers share, and lone characters, do not.
func TestOffDomainPenalty(t *testing.T) {
	k, err := kb.Load(fstest.MapFS{
		"power.md": {Data: article("power", "device", "终端开不了机", "开不了机, 电池, battery, won't turn on", "机器开不了机, pos won't turn on, battery drains fast, 电池不耐用, 机器没电了")},
		"oos.md":   {Data: article("oos-phone", "out-of-scope", "手机坏了怎么修", "手机维修, iphone, 电池, 修", "手机屏幕碎了, 手机进水了, 手机黑屏, my phone screen cracked")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(k)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// offDomain reports whether any term of w is marked.
	offDomain := func(w string) bool {
		for _, tok := range ix.analyzer.Analyze([]byte(ix.prep.prepare(w))) {
			if id, ok := ix.dict[string(tok.Term)]; ok && ix.offDomain[id] {
				return true
			}
		}
		return false
	}
	if !offDomain("iphone") {
		t.Error("iphone: want an off-domain word")
	}
	for _, w := range []string{"battery", "电池", "修"} {
		if offDomain(w) {
			t.Errorf("%s is marked off-domain: an answer has it, or it is one character", w)
		}
	}
	score := func(q string, off float64) float64 {
		saved := params.offDomain
		params.offDomain = off
		defer func() { params.offDomain = saved }()
		hits, err := ix.Search(q, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.Article.ID == "power" {
				return h.Confidence
			}
		}
		t.Fatalf("Search(%q): no power article in %v", q, hits)
		return 0
	}
	if with, without := score("my iphone battery drains fast", 1), score("my iphone battery drains fast", 0); with >= without*0.9 {
		t.Errorf("iphone question: power confidence %.3f with the penalty, %.3f without; want it lowered", with, without)
	}
	if with, without := score("pos battery drains fast", 1), score("pos battery drains fast", 0); with != without {
		t.Errorf("terminal question: power confidence %.3f with the penalty, %.3f without; want it untouched", with, without)
	}
}

// An English word meets its synonym with an ending, also when the ending
// dropped an e (unfreezing) or doubled the last letter (frozen aside,
// "blocked" and "stopped" alike).
func TestEnglishEndings(t *testing.T) {
	p := newPreparer([]kb.SynonymGroup{{Words: []string{"解冻", "unfreeze"}}, {Words: []string{"暂停", "stop"}}}, nil)
	for in, want := range map[string]string{"unfreezing": "解冻", "unfreezed": "解冻", "unfreezes": "解冻", "stopped": "暂停", "stopping": "暂停", "stops": "暂停"} {
		if got := strings.TrimSpace(p.prepare(in)); got != want {
			t.Errorf("prepare(%q) = %q, want %q", in, got, want)
		}
	}
}
