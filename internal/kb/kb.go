// Package kb holds posbot's knowledge: articles written by editors as
// markdown files, the table of POS response codes, and synonym groups. It
// loads them from a file system and validates them, reporting every problem
// with the file and line it is on.
package kb

import (
	"fmt"
	"sort"
	"strings"
)

// Topic is the kind of trouble an article is about.
type Topic string

// The topics an article may have.
const (
	TopicSuspension    Topic = "suspension"
	TopicBlocked       Topic = "blocked"
	TopicMissingCredit Topic = "missing-credit"
	TopicDeclined      Topic = "declined"
	TopicFees          Topic = "fees"
	TopicDevice        Topic = "device"
	TopicApplication   Topic = "application"
	TopicGeneral       Topic = "general"
)

// Topics lists every valid topic, in the order reports show them.
var Topics = []Topic{
	TopicSuspension, TopicBlocked, TopicMissingCredit, TopicDeclined,
	TopicFees, TopicDevice, TopicApplication, TopicGeneral,
}

// TopicOutOfScope marks a group of questions posbot must refuse: its
// questions are examples of what is not a merchant's POS problem, its body
// the short redirect sent instead of an answer. It is no answer topic.
const TopicOutOfScope Topic = "out-of-scope"

// TopicHandoff marks a group of ways merchants ask for a person: a question
// closest to it is handed to the support desk. Like out-of-scope, its
// questions are examples and it is no answer topic.
const TopicHandoff Topic = "handoff"

// ValidTopic reports whether t is one of Topics.
func ValidTopic(t Topic) bool {
	for _, v := range Topics {
		if v == t {
			return true
		}
	}
	return false
}

// Article is one answer in the knowledge base.
type Article struct {
	ID        string
	Title     string
	Topic     Topic
	Keywords  []string
	Questions []string
	Body      string // markdown, Simplified Chinese
	English   string // optional short answer in English
	// Short is what to do now, sent first (详细步骤 shows the rest), and
	// ShortEN the same in English.
	Short, ShortEN string
	File           string // path inside the knowledge folder
	Line           int    // line of the front matter's first key
	// QuestionLines holds the line of each of Questions in File.
	QuestionLines []int
}

// Refusal reports whether a is a group of questions to refuse rather than
// an answer.
func (a *Article) Refusal() bool { return a.Topic == TopicOutOfScope }

// Handoff reports whether a is a group of requests for a person.
func (a *Article) Handoff() bool { return a.Topic == TopicHandoff }

// Answers reports whether a answers a merchant's question: neither a
// refusal group nor a handoff group.
func (a *Article) Answers() bool { return !a.Refusal() && !a.Handoff() }

// Code is one POS response code (应答码) and what a merchant should do.
type Code struct {
	Code      string // two characters, upper case: "51", "A0"
	Meaning   string
	MeaningEN string
	Action    string
	ActionEN  string
	File      string
	Line      int
}

// SynonymGroup is a set of words that mean the same to a merchant; the first
// is the canonical one.
type SynonymGroup struct {
	Words []string
	File  string
	Line  int
}

// KB is a validated knowledge base.
type KB struct {
	Articles []*Article
	Codes    map[string]*Code
	Synonyms []SynonymGroup
	// Dialect groups: the first word is the Mandarin one, the others are
	// rewritten into it, inside words too, before anything else.
	Dialect []SynonymGroup
	// Digest is a digest of every file the knowledge base was loaded from:
	// equal digests, equal knowledge.
	Digest string

	byID  map[string]*Article
	files map[string]loadedFile // by path: the articles loaded
}

// Article returns the article with the given id, or nil.
func (k *KB) Article(id string) *Article { return k.byID[id] }

// Code returns the response code row for code (case-insensitive), or nil.
func (k *KB) Code(code string) *Code { return k.Codes[strings.ToUpper(code)] }

// Problem is one thing wrong in the knowledge base.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is the error Load returns when the knowledge base is invalid.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, 0, len(ps))
	for _, p := range ps {
		lines = append(lines, p.String())
	}
	return "knowledge base has " + plural(len(ps), "problem") + ":\n" + strings.Join(lines, "\n")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
