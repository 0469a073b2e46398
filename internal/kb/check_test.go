package kb_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/posbot/posbot/internal/kb"
)

// An answer needs a short answer in both languages, short enough for a
// phone; refusal groups need none.
func TestCheckShortAnswers(t *testing.T) {
	head := "---\nid: %s\ntitle: 机器被停了\ntopic: suspension\n%skeywords: [暂停]\nquestions: [机器被停了, 机器停用了, 機器被停了, 终端暂停, 刷卡机被暂停业务, 商户被冻结了, my terminal is suspended, pos stopped working]\nen: Your terminal was suspended.\n---\n正文。\n"
	files := fstest.MapFS{
		"suspension/none.md": {Data: []byte(strings.Replace(strings.Replace(head, "%s", "suspension-none", 1), "%s", "", 1))},
		"suspension/long.md": {Data: []byte(strings.Replace(strings.Replace(head, "%s", "suspension-long", 1), "%s",
			"short: "+strings.Repeat("先联系服务商。", 30)+"\nshort_en: Call your provider.\n", 1))},
		"suspension/good.md": {Data: []byte(strings.Replace(strings.Replace(head, "%s", "suspension-good", 1), "%s",
			"short: 先联系服务商，问清暂停原因。\nshort_en: Call your provider and ask why.\n", 1))},
	}
	k, err := kb.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	got := kb.Check(k).Error()
	for _, want := range []string{
		"suspension/none.md:2: no short:", "suspension/none.md:2: no short_en:",
		"suspension/long.md:2: short is 210 characters; keep it to 150",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "good.md") {
		t.Errorf("a good article has problems:\n%s", got)
	}
}
