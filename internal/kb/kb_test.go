package kb_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/knowledge"
)

const good = `---
id: suspension-basics
title: 终端被暂停怎么办
topic: suspension
keywords: [暂停业务, 冻结]
questions:
  - 机器被停了怎么办
en: Your terminal was suspended.
---
## 现在就做
1. 联系服务商。
`

func article(id, topic, body string) string {
	return "---\nid: " + id + "\ntitle: t\ntopic: " + topic + "\nkeywords: [k]\nquestions: [q]\n---\n" + body + "\n"
}

func TestLoadGood(t *testing.T) {
	fsys := fstest.MapFS{
		"suspension/a.md":    {Data: []byte(good)},
		"README.md":          {Data: []byte("# not an article")},
		"eval/questions.tsv": {Data: []byte("x\ty\n")},
		kb.CodesFile:         {Data: []byte("code\tmeaning\tmeaning_en\taction\taction_en\n51\t资金不足\tInsufficient funds\t换卡\tUse another card\na0\tMAC错\tMAC error\t重新签到\tSign on again\n")},
		kb.SynonymsFile:      {Data: []byte("# comment\n到账 入账 进账\n暂停 冻结 # trailing\n")},
	}
	k, err := kb.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Articles) != 1 {
		t.Fatalf("got %d articles, want 1", len(k.Articles))
	}
	a := k.Article("suspension-basics")
	if a == nil || a.Topic != kb.TopicSuspension || a.Title != "终端被暂停怎么办" || a.English == "" {
		t.Fatalf("article = %+v", a)
	}
	if got, want := a.Line, 2; got != want {
		t.Errorf("Line = %d, want %d", got, want)
	}
	if !strings.HasPrefix(a.Body, "## 现在就做") {
		t.Errorf("Body = %q", a.Body)
	}
	if c := k.Code("A0"); c == nil || c.Meaning != "MAC错" {
		t.Errorf("Code(A0) = %+v", c)
	}
	if len(k.Synonyms) != 2 || k.Synonyms[1].Words[1] != "冻结" {
		t.Errorf("Synonyms = %+v", k.Synonyms)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string // file:line: message prefix of one of the problems
	}{
		{"no front matter", fstest.MapFS{"a.md": {Data: []byte("# hi\n")}}, "a.md:1: article must start"},
		{"unclosed", fstest.MapFS{"a.md": {Data: []byte("---\nid: x\n")}}, "a.md:1: front matter is not closed"},
		{"bad yaml", fstest.MapFS{"a.md": {Data: []byte("---\nid: x\ntitle: t\nc: d: e\n---\nbody\n")}}, "a.md:4: front matter: mapping values"},
		{"unknown topic", fstest.MapFS{"a.md": {Data: []byte(article("x", "weather", "body"))}}, `a.md:4: unknown topic "weather"`},
		{"empty body", fstest.MapFS{"a.md": {Data: []byte(article("x", "fees", ""))}}, "a.md:7: empty body"},
		{"bad id", fstest.MapFS{"a.md": {Data: []byte(article("Bad_ID", "fees", "b"))}}, `a.md:2: id "Bad_ID"`},
		{"duplicate id", fstest.MapFS{
			"a.md": {Data: []byte(article("same", "fees", "b"))},
			"b.md": {Data: []byte(article("same", "fees", "b"))},
		}, `b.md:2: duplicate id "same" (also a.md:2)`},
		{"unknown key", fstest.MapFS{"a.md": {Data: []byte("---\nid: x\ntitel: t\n---\nb\n")}}, `a.md:3: unknown key "titel"`},
		{"missing keywords", fstest.MapFS{"a.md": {Data: []byte("---\nid: x\ntitle: t\ntopic: fees\nquestions: [q]\n---\nb\n")}}, "a.md:2: missing keywords"},
		{"keywords not a list", fstest.MapFS{"a.md": {Data: []byte("---\nid: x\ntitle: t\ntopic: fees\nkeywords: k\nquestions: [q]\n---\nb\n")}}, "a.md:5: keywords must be a list"},
		{"phone number", fstest.MapFS{"a.md": {Data: []byte(article("x", "fees", "办理电话：18584839115"))}}, "a.md:8: looks like a phone number"},
		{"web address", fstest.MapFS{"a.md": {Data: []byte(article("x", "fees", "见 https://example.com"))}}, "a.md:8: web address"},
		{"invalid utf-8", fstest.MapFS{"a.md": {Data: []byte("---\xff\n")}}, "a.md:1: file is not valid UTF-8"},
		{"duplicate code", fstest.MapFS{
			"a.md":       {Data: []byte(good)},
			kb.CodesFile: {Data: []byte("code\tmeaning\tmeaning_en\taction\taction_en\n51\ta\tb\tc\td\n51\ta\tb\tc\td\n")},
		}, "response-codes.tsv:3: duplicate response code 51 (also line 2)"},
		{"bad code", fstest.MapFS{
			"a.md":       {Data: []byte(good)},
			kb.CodesFile: {Data: []byte("code\tmeaning\tmeaning_en\taction\taction_en\n511\ta\tb\tc\td\n")},
		}, `response-codes.tsv:2: code "511"`},
		{"short code row", fstest.MapFS{
			"a.md":       {Data: []byte(good)},
			kb.CodesFile: {Data: []byte("code\tmeaning\tmeaning_en\taction\taction_en\n51\ta\n")},
		}, "response-codes.tsv:2: want 5 tab-separated fields"},
		{"synonym twice", fstest.MapFS{
			"a.md":          {Data: []byte(good)},
			kb.SynonymsFile: {Data: []byte("到账 入账\n\n入账 进账\n")},
		}, `synonyms.txt:3: word "入账" is already in the group on line 1`},
		{"lone synonym", fstest.MapFS{
			"a.md":          {Data: []byte(good)},
			kb.SynonymsFile: {Data: []byte("到账\n")},
		}, `synonyms.txt:1: group "到账" needs at least two words`},
		{"dialect word twice", fstest.MapFS{
			"a.md":         {Data: []byte(good)},
			kb.DialectFile: {Data: []byte("# Cantonese\n了 咗\n没了 咗\n")},
		}, `dialect.txt:3: word "咗" is already in the group on line 2`},
		{"empty", fstest.MapFS{}, ".: no articles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kb.Load(tt.files)
			var ps kb.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want Problems", err)
			}
			for _, p := range ps {
				if strings.HasPrefix(p.String(), tt.want) {
					return
				}
			}
			t.Errorf("no problem starts with %q; got %v", tt.want, err)
		})
	}
}

// A broken article is reported, and the others still load.
func TestLoadKeepsGoodArticles(t *testing.T) {
	k, err := kb.Load(fstest.MapFS{
		"a.md": {Data: []byte(good)},
		"b.md": {Data: []byte(article("b", "nope", "body"))},
	})
	if err == nil || !strings.Contains(err.Error(), "b.md:4") {
		t.Fatalf("err = %v", err)
	}
	if k.Article("suspension-basics") == nil {
		t.Error("the valid article was dropped")
	}
}

// The shipped knowledge base must always be valid and cover every topic.
func TestShippedKnowledge(t *testing.T) {
	k, err := kb.Load(knowledge.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Articles) < 25 {
		t.Errorf("%d articles, want at least 25", len(k.Articles))
	}
	per := map[kb.Topic]int{}
	for _, a := range k.Articles {
		per[a.Topic]++
		if a.Dir() != string(a.Topic) {
			t.Errorf("%s: topic %s but folder %s", a.File, a.Topic, a.Dir())
		}
		if a.English == "" {
			t.Errorf("%s: no English answer", a.File)
		}
	}
	for _, tp := range kb.Topics {
		if per[tp] == 0 {
			t.Errorf("no article for topic %s", tp)
		}
	}
	for _, c := range []string{"05", "14", "51", "54", "55", "61", "96", "A0"} {
		if k.Code(c) == nil {
			t.Errorf("response code %s missing", c)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nid: [\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := kb.Load(fstest.MapFS{"x.md": {Data: data}})
		var ps kb.Problems
		if err != nil && !errors.As(err, &ps) {
			t.Fatalf("error is not Problems: %v", err)
		}
	})
}

// The digest tells an edit from a touch: the same files give the same
// digest, a changed, added or removed file another.
func TestDigest(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{"suspension/a.md": {Data: []byte(good)}, kb.SynonymsFile: {Data: []byte("到账 入账\n")}}
	}
	load := func(fsys fstest.MapFS) string {
		k, err := kb.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return k.Digest
	}
	d := load(base())
	if d == "" || load(base()) != d {
		t.Fatalf("digest %q not stable", d)
	}
	edited := base()
	edited["suspension/a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(good, "联系服务商", "联系收单机构", 1))}
	added := base()
	added["suspension/b.md"] = &fstest.MapFile{Data: []byte(strings.Replace(good, "suspension-basics", "suspension-more", 1))}
	removed := base()
	delete(removed, kb.SynonymsFile)
	for name, fsys := range map[string]fstest.MapFS{"edited": edited, "added": added, "removed": removed} {
		if load(fsys) == d {
			t.Errorf("%s: same digest", name)
		}
	}
}

// A reload parses only the files that changed: the others' articles are
// the very ones loaded before.
func TestLoadReusing(t *testing.T) {
	other := strings.NewReplacer("suspension-basics", "suspension-other", "机器被停了怎么办", "终端停用了", "终端被暂停怎么办", "终端停用").Replace(good)
	fsys := fstest.MapFS{"suspension/a.md": {Data: []byte(good)}, "suspension/b.md": {Data: []byte(other)}}
	k1, err := kb.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fsys["suspension/b.md"] = &fstest.MapFile{Data: []byte(strings.Replace(other, "联系服务商", "联系收单机构", 1))}
	k2, err := kb.LoadReusing(fsys, k1)
	if err != nil {
		t.Fatal(err)
	}
	if k2.Article("suspension-basics") != k1.Article("suspension-basics") {
		t.Error("unchanged article parsed again")
	}
	if b := k2.Article("suspension-other"); b == k1.Article("suspension-other") || !strings.Contains(b.Body, "收单机构") {
		t.Errorf("changed article not reloaded: %+v", b)
	}
	if k2.Digest == k1.Digest {
		t.Error("same digest after an edit")
	}
}
