package assistant

import (
	"testing"

	"github.com/posbot/posbot/internal/kb"
)

func TestByTopic(t *testing.T) {
	art := func(id string, topic kb.Topic) *kb.Article { return &kb.Article{ID: id, Topic: topic} }
	cand := func(a *kb.Article, conf float64) Candidate { return Candidate{Article: a, Confidence: conf} }
	lone := art("device-printer", kb.TopicDevice)
	a1, a2 := art("declined-a", kb.TopicDeclined), art("declined-b", kb.TopicDeclined)
	refusal := art("oos-x", kb.TopicOutOfScope)
	for _, tt := range []struct {
		name  string
		cands []Candidate
		want  string
	}{
		{"two of a theme close behind a lone one", []Candidate{cand(lone, 0.60), cand(a1, 0.58), cand(a2, 0.57)}, "declined-a"},
		{"a clear lead stands", []Candidate{cand(lone, 0.60), cand(a1, 0.50), cand(a2, 0.49)}, "device-printer"},
		{"one close behind is no majority", []Candidate{cand(lone, 0.60), cand(a1, 0.59), cand(refusal, 0.58)}, "device-printer"},
		{"a refusal first is left to decide", []Candidate{cand(refusal, 0.60), cand(a1, 0.59), cand(a2, 0.59)}, "oos-x"},
		{"refusals never vote", []Candidate{cand(a1, 0.60), cand(refusal, 0.59), cand(art("oos-y", kb.TopicOutOfScope), 0.59)}, "declined-a"},
	} {
		if got := byTopic(tt.cands).Article.ID; got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
