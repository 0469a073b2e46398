// Package llm rephrases a knowledge-base answer for the merchant's exact
// question with any OpenAI-compatible server (OpenAI, DeepSeek, Qwen,
// Ollama, vLLM) through github.com/sashabaranov/go-openai. It grounds the
// model in the retrieved articles, masks payment data before anything leaves,
// bounds every call with a timeout, and checks the reply before it is used.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/posbot/posbot/internal/assistant"
	"github.com/posbot/posbot/internal/kb"
	"github.com/posbot/posbot/internal/redact"
)

// Config is how to reach the model.
type Config struct {
	APIKey  string // empty sends no Authorization header (fine for Ollama)
	BaseURL string // e.g. https://api.deepseek.com/v1; empty for OpenAI
	Model   string
	Timeout time.Duration
	// HTTPClient is for tests; the default has no timeout of its own, every
	// call is bounded by Timeout through its context.
	HTTPClient *http.Client
}

// DefaultModel is used when OPENAI_MODEL is not set.
const DefaultModel = "gpt-4o-mini"

// Rephraser asks the model to answer from the articles.
type Rephraser struct {
	client  *openai.Client
	model   string
	timeout time.Duration
	prompts *Prompts
}

// New returns a Rephraser for cfg with the given prompts.
func New(cfg Config, prompts *Prompts) *Rephraser {
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 4 * time.Second
	}
	return &Rephraser{client: openai.NewClientWithConfig(oc), model: cfg.Model, timeout: cfg.Timeout, prompts: prompts}
}

// ErrRateLimited is returned when the server answers 429.
var ErrRateLimited error = rateLimited{}

type rateLimited struct{}

func (rateLimited) Error() string { return "llm: rate limited" }

func (rateLimited) FallbackReason() assistant.FallbackReason { return assistant.FallbackRateLimit }

// Rephrase answers q from articles. It reports noAnswer when the model says
// the articles do not answer; a *GuardError when the reply may not be sent.
func (r *Rephraser) Rephrase(ctx context.Context, q assistant.Question, articles []*kb.Article) (string, bool, error) {
	lang := "Simplified Chinese"
	if q.Lang == assistant.LangEN {
		lang = "English"
	}
	data := PromptData{
		Question: redact.All(q.Text),
		Language: lang,
		NoAnswer: NoAnswer,
		MaxSteps: 5,
	}
	for _, h := range q.History {
		data.History = append(data.History, HistoryTurn{Role: h.Role, Text: redact.All(h.Text)})
	}
	sources := []string{q.Text}
	for _, a := range articles {
		body := a.Body
		if q.Lang == assistant.LangEN && a.English != "" {
			body = a.Body + "\n\n" + a.English
		}
		data.Articles = append(data.Articles, PromptArticle{ID: a.ID, Title: a.Title, Body: body})
		sources = append(sources, a.Title+"\n"+body)
	}
	system, user, err := r.prompts.render(data)
	if err != nil {
		return "", false, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	resp, err := r.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: r.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		Temperature: 0.2,
		MaxTokens:   800,
	})
	if err != nil {
		var apiErr *openai.APIError
		if errors.As(err, &apiErr) && apiErr.HTTPStatusCode == http.StatusTooManyRequests {
			return "", false, ErrRateLimited
		}
		if ctx.Err() != nil {
			return "", false, fmt.Errorf("llm: no reply within %s: %w", r.timeout, ctx.Err())
		}
		return "", false, fmt.Errorf("llm: %w", err)
	}
	if len(resp.Choices) == 0 {
		return "", false, &GuardError{"no choices"}
	}
	text := strings.TrimSpace(resp.Choices[0].Message.Content)
	if strings.HasPrefix(strings.Trim(text, "`*\"' \n"), NoAnswer) {
		return "", true, nil
	}
	if err := Check(text, Grounds{Sources: sources, System: system}); err != nil {
		return "", false, err
	}
	return text, false, nil
}
