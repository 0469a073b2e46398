package kb

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/posbot/posbot/internal/parallel"
)

// Names of the data files at the root of the knowledge folder.
const (
	CodesFile    = "response-codes.tsv"
	SynonymsFile = "synonyms.txt"
	// DialectFile rewrites Cantonese and dialect words into Mandarin before
	// synonyms are folded, so that 停咗 reads as 停了 and meets 停了's group.
	DialectFile = "dialect.txt"
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	codePattern = regexp.MustCompile(`^[0-9A-Z]{2}$`)
	// Contacts must never reach merchants from the knowledge base: the web
	// material posbot started from was full of fake hotlines and links.
	phonePattern = regexp.MustCompile(`(^|[^0-9])(1[3-9][0-9]{9}|400[- ]?[0-9]{3}[- ]?[0-9]{4}|95[0-9]{3,4})([^0-9]|$)`)
	urlPattern   = regexp.MustCompile(`(?i)(https?://|www\.)`)
	yamlLine     = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// Load reads and validates the knowledge base in fsys. If anything is wrong
// it returns the KB built from what was valid together with a Problems error
// listing every problem; callers that serve merchants must refuse to start.
func Load(fsys fs.FS) (*KB, error) { return LoadReusing(fsys, nil) }

// LoadReusing is Load, taking from prev, loaded before from the same
// folder, the articles whose files did not change, so that a reload after
// an edit parses only the edited files. Articles are read and parsed on
// every core.
func LoadReusing(fsys fs.FS, prev *KB) (*KB, error) {
	k := &KB{Codes: map[string]*Code{}, byID: map[string]*Article{}, files: map[string]loadedFile{}}
	var ps Problems
	type file struct {
		path    string
		article bool
	}
	var files []file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ps = append(ps, Problem{File: p, Msg: err.Error()})
			return nil
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "eval") {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case p == CodesFile, p == SynonymsFile, p == DialectFile:
			files = append(files, file{path: p})
		case strings.HasSuffix(p, ".md") && !strings.EqualFold(d.Name(), "README.md"):
			files = append(files, file{path: p, article: true})
		}
		return nil
	})
	if err != nil {
		ps = append(ps, Problem{File: ".", Msg: err.Error()})
	}
	type result struct {
		data    []byte // of a data file: codes, synonyms, dialect
		digest  [sha256.Size]byte
		article *Article
		ps      Problems
	}
	results := make([]result, len(files))
	parallel.For(len(files), func(i int) {
		f, r := files[i], &results[i]
		data, err := fs.ReadFile(fsys, f.path)
		if err != nil {
			r.ps = Problems{{File: f.path, Msg: err.Error()}}
			return
		}
		r.digest = sha256.Sum256(data)
		if !f.article {
			r.data = data
			return
		}
		if old, ok := prev.file(f.path); ok && old.digest == r.digest {
			r.article = old.article
			return
		}
		r.article, r.ps = loadArticle(f.path, data)
	})
	h := sha256.New()
	for i, f := range files {
		r := results[i]
		fmt.Fprintf(h, "%s\x00%x\x00", f.path, r.digest)
		ps = append(ps, r.ps...)
		switch {
		case r.data == nil:
		case f.path == CodesFile:
			ps = append(ps, k.loadCodes(f.path, r.data)...)
		case f.path == SynonymsFile:
			ps = append(ps, loadGroups(f.path, r.data, &k.Synonyms)...)
		case f.path == DialectFile:
			ps = append(ps, loadGroups(f.path, r.data, &k.Dialect)...)
		}
		a := r.article
		if a == nil {
			continue
		}
		if prev, dup := k.byID[a.ID]; dup {
			ps = append(ps, Problem{a.File, a.Line, fmt.Sprintf("duplicate id %q (also %s:%d)", a.ID, prev.File, prev.Line)})
			continue
		}
		k.byID[a.ID] = a
		k.Articles = append(k.Articles, a)
		k.files[f.path] = loadedFile{r.digest, a}
	}
	k.Digest = hex.EncodeToString(h.Sum(nil))
	ps = append(ps, k.refusalConflicts()...)
	if len(k.Articles) == 0 && len(ps) == 0 {
		ps = append(ps, Problem{File: ".", Msg: "no articles (*.md files) found"})
	}
	if len(ps) > 0 {
		ps.sort()
		return k, ps
	}
	return k, nil
}

// loadedFile is an article as loaded from its file, kept for LoadReusing.
type loadedFile struct {
	digest  [sha256.Size]byte
	article *Article
}

func (k *KB) file(path string) (loadedFile, bool) {
	if k == nil {
		return loadedFile{}, false
	}
	f, ok := k.files[path]
	return f, ok
}

// frontMatter mirrors the YAML keys an article may have.
var articleKeys = map[string]bool{"id": true, "title": true, "short": true, "short_en": true, "topic": true, "keywords": true, "questions": true, "en": true}

func loadArticle(p string, data []byte) (*Article, Problems) {
	if !utf8.Valid(data) {
		return nil, Problems{{File: p, Line: 1, Msg: "file is not valid UTF-8"}}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, Problems{{File: p, Line: 1, Msg: "article must start with a '---' line opening the front matter"}}
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, Problems{{File: p, Line: 1, Msg: "front matter is not closed by a '---' line"}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(lines[1:end], "\n")), &root); err != nil {
		return nil, Problems{yamlProblem(p, err)}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, Problems{{File: p, Line: 2, Msg: "front matter must be a YAML mapping (key: value)"}}
	}
	a := &Article{File: p, Line: 2}
	var ps Problems
	at := func(n *yaml.Node) int { return n.Line + 1 } // +1 for the opening '---'
	seen := map[string]bool{}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		if seen[key.Value] {
			ps = append(ps, Problem{p, at(key), fmt.Sprintf("key %q given twice", key.Value)})
		}
		seen[key.Value] = true
		if !articleKeys[key.Value] {
			ps = append(ps, Problem{p, at(key), fmt.Sprintf("unknown key %q (want id, title, short, short_en, topic, keywords, questions, en)", key.Value)})
			continue
		}
		switch key.Value {
		case "id", "title", "topic", "en", "short", "short_en":
			if val.Kind != yaml.ScalarNode {
				ps = append(ps, Problem{p, at(val), key.Value + " must be a single value"})
				continue
			}
			s := strings.TrimSpace(val.Value)
			switch key.Value {
			case "id":
				a.ID, a.Line = s, at(key)
			case "title":
				a.Title = s
			case "topic":
				a.Topic = Topic(s)
				if !ValidTopic(a.Topic) && a.Topic != TopicOutOfScope && a.Topic != TopicHandoff {
					ps = append(ps, Problem{p, at(val), fmt.Sprintf("unknown topic %q (want one of %s, %s or %s)", s, topicList(), TopicOutOfScope, TopicHandoff)})
				}
			case "en":
				a.English = s
			case "short":
				a.Short = s
			case "short_en":
				a.ShortEN = s
			}
		case "keywords", "questions":
			list, lines, lps := stringList(p, key.Value, val, at)
			ps = append(ps, lps...)
			if key.Value == "keywords" {
				a.Keywords = list
			} else {
				a.Questions, a.QuestionLines = list, lines
			}
		}
	}
	for _, req := range []struct {
		key   string
		empty bool
	}{{"id", a.ID == ""}, {"title", a.Title == ""}, {"topic", a.Topic == ""}, {"keywords", len(a.Keywords) == 0}, {"questions", len(a.Questions) == 0}} {
		if req.empty {
			ps = append(ps, Problem{p, 2, fmt.Sprintf("missing %s", req.key)})
		}
	}
	if a.ID != "" && !idPattern.MatchString(a.ID) {
		ps = append(ps, Problem{p, a.Line, fmt.Sprintf("id %q must be lowercase letters, digits and dashes", a.ID)})
	}
	a.Body = strings.TrimSpace(strings.Join(lines[end+1:], "\n"))
	if a.Body == "" {
		ps = append(ps, Problem{p, end + 1, "empty body: write the answer below the front matter"})
	}
	for i, line := range lines {
		// The patterns are slow on long lines: try them only on lines that
		// could match, with five digits or a letter of http or www.
		if digits(line) >= 5 && phonePattern.MatchString(line) {
			ps = append(ps, Problem{p, i + 1, "looks like a phone number: contacts must not be given in articles"})
		}
		if strings.ContainsAny(line, "hHwW") && urlPattern.MatchString(line) {
			ps = append(ps, Problem{p, i + 1, "web address: links must not be given in articles"})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return a, nil
}

func stringList(p, key string, val *yaml.Node, at func(*yaml.Node) int) ([]string, []int, Problems) {
	if val.Kind != yaml.SequenceNode {
		return nil, nil, Problems{{p, at(val), key + " must be a list, like [a, b] or lines starting with '- '"}}
	}
	var out []string
	var lines []int
	var ps Problems
	for _, item := range val.Content {
		s := strings.TrimSpace(item.Value)
		if item.Kind != yaml.ScalarNode || s == "" {
			ps = append(ps, Problem{p, at(item), "empty or nested item in " + key})
			continue
		}
		out = append(out, s)
		lines = append(lines, at(item))
	}
	return out, lines, ps
}

func yamlProblem(p string, err error) Problem {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return Problem{p, n + 1, "front matter: " + m[2]}
	}
	return Problem{p, 2, "front matter: " + strings.TrimPrefix(msg, "yaml: ")}
}

func topicList() string {
	s := make([]string, len(Topics))
	for i, t := range Topics {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func (k *KB) loadCodes(p string, data []byte) Problems {
	var ps Problems
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	header := true
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			ps = append(ps, Problem{p, n, "line is not valid UTF-8"})
			continue
		}
		f := strings.Split(line, "\t")
		if header {
			header = false
			if strings.TrimSpace(f[0]) == "code" {
				continue
			}
			ps = append(ps, Problem{p, n, "first line must be the header: code, meaning, meaning_en, action, action_en"})
		}
		if len(f) != 5 {
			ps = append(ps, Problem{p, n, fmt.Sprintf("want 5 tab-separated fields (code, meaning, meaning_en, action, action_en), got %d", len(f))})
			continue
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		c := &Code{Code: strings.ToUpper(f[0]), Meaning: f[1], MeaningEN: f[2], Action: f[3], ActionEN: f[4], File: p, Line: n}
		switch {
		case !codePattern.MatchString(c.Code):
			ps = append(ps, Problem{p, n, fmt.Sprintf("code %q must be two digits or capital letters", f[0])})
		case c.Meaning == "" || c.Action == "":
			ps = append(ps, Problem{p, n, fmt.Sprintf("code %s needs a meaning and an action", c.Code)})
		case k.Codes[c.Code] != nil:
			ps = append(ps, Problem{p, n, fmt.Sprintf("duplicate response code %s (also line %d)", c.Code, k.Codes[c.Code].Line)})
		default:
			k.Codes[c.Code] = c
		}
	}
	if err := sc.Err(); err != nil {
		ps = append(ps, Problem{p, n + 1, err.Error()})
	}
	return ps
}

// loadGroups reads a file of word groups, one per line, into groups.
func loadGroups(p string, data []byte, groups *[]SynonymGroup) Problems {
	var ps Problems
	where := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if j := strings.Index(line, "#"); j >= 0 {
			line = line[:j]
		}
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		if !utf8.ValidString(line) {
			ps = append(ps, Problem{p, n, "line is not valid UTF-8"})
			continue
		}
		if len(words) < 2 {
			ps = append(ps, Problem{p, n, fmt.Sprintf("group %q needs at least two words", words[0])})
			continue
		}
		ok := true
		for _, w := range words {
			if prev, dup := where[strings.ToLower(w)]; dup {
				ps = append(ps, Problem{p, n, fmt.Sprintf("word %q is already in the group on line %d", w, prev)})
				ok = false
			}
			where[strings.ToLower(w)] = n
		}
		if ok {
			*groups = append(*groups, SynonymGroup{Words: words, File: p, Line: n})
		}
	}
	return ps
}

// Dir returns the folder of an article's file, e.g. "suspension".
func (a *Article) Dir() string { return path.Dir(a.File) }

// digits counts the ASCII digits in s.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
