// Package telegramtest provides a fake Telegram Bot API server for end-to-end
// tests.
//
// The server speaks the same HTTP protocol as api.telegram.org, so the real
// github.com/go-telegram/bot client can be pointed at it with
// bot.WithServerURL(srv.URL) and exercised unchanged. Every call is recorded,
// updates can be pushed for long polling at any time, and failures or delays
// can be injected per method and chat.
package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// BotUsername is the username getMe reports for the fake bot.
const BotUsername = "posbot_test_bot"

// Call is one recorded Bot API request.
type Call struct {
	// Method is the canonical method name (e.g. "sendMessage") for known
	// methods, or the name as requested for unknown ones.
	Method string
	// Params holds every request parameter as a string; nested objects such as
	// reply_markup are JSON strings, exactly as the client sent them.
	Params map[string]string
	// ChatID is chat_id parsed as an integer, or 0 when absent or not numeric.
	ChatID int64
	// At is when the request arrived.
	At time.Time
	// Status is the HTTP status answered. It is 0 while the call is still in
	// flight and stays 0 if the client went away before an answer was written.
	Status int
	// Result is what a successful call returned (a models.Message for
	// sendMessage), for tests that need the ids the bot was given.
	Result any
}

// HandlerFunc implements one Bot API method. The result is marshalled as the
// "result" field of a successful reply. Returning a Failure (or *Failure) as
// the error answers with that Telegram error; any other error becomes a 500.
type HandlerFunc func(ctx context.Context, params map[string]string) (result any, err error)

// Server is a fake Telegram Bot API server. It is safe for concurrent use.
type Server struct {
	// URL is the base URL to pass to bot.WithServerURL.
	URL string

	tb        testing.TB
	token     string
	me        models.User
	http      *httptest.Server
	done      chan struct{} // closed by Close so that blocked handlers return
	closeOnce sync.Once

	mu       sync.Mutex
	handlers map[string]handler // keyed by lower-case method name
	calls    []*Call
	failures []*failRule
	delays   map[string]time.Duration // keyed by lower-case method name
	members  map[memberKey]models.ChatMemberType
	messages map[messageKey]models.Message
	webhook  models.WebhookInfo
	nextMsg  int

	// Update queue for getUpdates. wake is closed and replaced whenever the
	// queue grows, which lets any number of long-polling requests wait for a
	// push without a dedicated goroutine.
	queue      []queuedUpdate
	nextUpdate int64
	wake       chan struct{}
}

type handler struct {
	name string // canonical spelling, recorded in Call.Method
	fn   HandlerFunc
}

type failRule struct {
	method    string // lower case
	chatID    int64  // 0 matches any chat
	remaining int
	failure   Failure
}

type memberKey struct{ chatID, userID int64 }

type messageKey struct {
	chatID int64
	id     int
}

// NewServer starts a fake Bot API server that accepts the given token, which
// must look like a real one ("<bot id>:<secret>"). The server is closed
// automatically when the test ends.
func NewServer(tb testing.TB, token string) *Server {
	tb.Helper()
	idPart, _, ok := strings.Cut(token, ":")
	botID, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || botID <= 0 {
		tb.Fatalf("telegramtest: token %q must look like <bot id>:<secret>", token)
	}

	s := &Server{
		tb:    tb,
		token: token,
		me: models.User{
			ID:            botID,
			IsBot:         true,
			FirstName:     "posbot test",
			Username:      BotUsername,
			CanJoinGroups: true,
		},
		done:       make(chan struct{}),
		delays:     make(map[string]time.Duration),
		members:    make(map[memberKey]models.ChatMemberType),
		messages:   make(map[messageKey]models.Message),
		nextMsg:    1,
		nextUpdate: 1,
		wake:       make(chan struct{}),
	}
	s.handlers = s.builtinHandlers()
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.http.URL
	tb.Cleanup(s.Close)
	return s
}

// Close releases every request blocked in getUpdates or an injected delay and
// shuts the server down. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		// Waking blocked handlers first matters: httptest.Server.Close waits
		// for all outstanding requests, so a parked long poll would stall it.
		close(s.done)
		s.http.Close()
	})
}

// Handle registers fn for method, replacing any built-in implementation. Use
// it for methods the server does not know or to change how one answers.
func (s *Server) Handle(method string, fn HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[strings.ToLower(method)] = handler{name: method, fn: fn}
}

// Calls returns the recorded calls in arrival order: all of them when method
// is empty, otherwise only those of that method (compared case-insensitively,
// as Telegram does).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c.clone())
		}
	}
	return out
}

// Sent returns the sendMessage calls that were answered successfully, in
// arrival order.
func (s *Server) Sent() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if c.Method == "sendMessage" && c.Status == http.StatusOK {
			out = append(out, c.clone())
		}
	}
	return out
}

// Reset forgets the recorded calls. Pending updates, injected failures and
// delays, member statuses and counters are left alone, so a test can call it
// after setting the scene to assert only on what follows.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// ClearFailures drops every injected failure still pending.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = nil
}

// Fail makes the next n calls of method fail with f. With a non-zero chatID
// only calls for that chat_id count; with 0 any call does. Rules are consumed
// in the order they were added.
func (s *Server) Fail(method string, chatID int64, n int, f Failure) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failRule{
		method:    strings.ToLower(method),
		chatID:    chatID,
		remaining: n,
		failure:   f,
	})
}

// Delay makes every later call of method wait d before it is answered (or
// fails, if a failure is injected). The wait ends early when the client
// cancels the request. A non-positive d removes the delay.
func (s *Server) Delay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.delays, strings.ToLower(method))
		return
	}
	s.delays[strings.ToLower(method)] = d
}

// SetMemberStatus sets what getChatMember reports for userID in chatID. The
// default is models.ChatMemberTypeMember.
func (s *Server) SetMemberStatus(chatID, userID int64, status models.ChatMemberType) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[memberKey{chatID, userID}] = status
}

func (c *Call) clone() Call {
	out := *c
	out.Params = maps.Clone(c.Params)
	return out
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	// The body is read before anything else, even for calls that will be
	// rejected: go-telegram/bot streams it through a pipe, and answering
	// without draining it would make the client's writer fail noisily.
	params, parseErr := readParams(r)
	call := &Call{
		Params: params,
		ChatID: parseChatID(params["chat_id"]),
		At:     at,
	}
	token, method, pathOK := splitPath(r.URL.Path)

	s.mu.Lock()
	h, known := s.handlers[strings.ToLower(method)]
	call.Method = method
	if known {
		call.Method = h.name
	}
	s.calls = append(s.calls, call)
	s.mu.Unlock()

	var reject *Failure
	switch {
	case !pathOK:
		reject = &Failure{Status: http.StatusNotFound, Description: "Not Found"}
	case token != s.token:
		reject = &Failure{Status: http.StatusUnauthorized, Description: "Unauthorized"}
	case parseErr != nil:
		f := asFailure(parseErr)
		reject = &f
	case !known:
		reject = &Failure{Status: http.StatusNotFound, Description: "Not Found: method not found"}
	}
	status := s.answer(w, r, call, h, reject)

	s.mu.Lock()
	call.Status = status
	s.mu.Unlock()
}

// answer writes the reply for call and returns the HTTP status written, or 0
// when the client went away first.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, call *Call, h handler, reject *Failure) int {
	ctx := r.Context()
	if reject != nil {
		return writeFailure(w, *reject)
	}
	if !s.sleep(ctx, call.Method) {
		return 0
	}
	if f, ok := s.takeFailure(call.Method, call.ChatID); ok {
		return writeFailure(w, f)
	}
	result, err := h.fn(ctx, maps.Clone(call.Params))
	if ctx.Err() != nil {
		return 0
	}
	if err != nil {
		return writeFailure(w, asFailure(err))
	}
	s.mu.Lock()
	call.Result = result
	s.mu.Unlock()
	return writeResult(w, result)
}

// sleep applies the method's injected delay. It reports false when the client
// cancelled the request meanwhile; closing the server cuts the delay short.
func (s *Server) sleep(ctx context.Context, method string) bool {
	s.mu.Lock()
	d := s.delays[strings.ToLower(method)]
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.done:
	case <-ctx.Done():
		return false
	}
	return true
}

func (s *Server) takeFailure(method string, chatID int64) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	method = strings.ToLower(method)
	for i, rule := range s.failures {
		if rule.method != method || (rule.chatID != 0 && rule.chatID != chatID) {
			continue
		}
		rule.remaining--
		if rule.remaining <= 0 {
			s.failures = append(s.failures[:i], s.failures[i+1:]...)
		}
		return rule.failure, true
	}
	return Failure{}, false
}

// splitPath splits "/bot<token>/<method>" into its parts.
func splitPath(path string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	if !ok || method == "" || strings.Contains(method, "/") {
		return token, method, false
	}
	return token, method, true
}

func parseChatID(v string) int64 {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0
	}
	return id
}

func asFailure(err error) Failure {
	var f Failure
	if errors.As(err, &f) {
		return f
	}
	var pf *Failure
	if errors.As(err, &pf) && pf != nil {
		return *pf
	}
	return Failure{Status: http.StatusInternalServerError, Description: "Internal Server Error: " + err.Error()}
}

func writeResult(w http.ResponseWriter, result any) int {
	body, err := json.Marshal(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
	if err != nil {
		return writeFailure(w, Failure{
			Status:      http.StatusInternalServerError,
			Description: "Internal Server Error: telegramtest cannot marshal result: " + err.Error(),
		})
	}
	return writeJSON(w, http.StatusOK, body)
}

func writeFailure(w http.ResponseWriter, f Failure) int {
	if f.Status < 100 || f.Status > 999 {
		// net/http panics on such codes; a zero Failure is a test bug, but a
		// server error is the least surprising way to surface it.
		f.Status = http.StatusInternalServerError
	}
	type parameters struct {
		RetryAfter int `json:"retry_after"`
	}
	resp := struct {
		OK          bool        `json:"ok"`
		ErrorCode   int         `json:"error_code"`
		Description string      `json:"description"`
		Parameters  *parameters `json:"parameters,omitempty"`
	}{ErrorCode: f.Status, Description: f.Description}
	if f.RetryAfter != 0 {
		resp.Parameters = &parameters{RetryAfter: f.RetryAfter}
	}
	body, _ := json.Marshal(resp) // cannot fail: only strings and ints
	return writeJSON(w, f.Status, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) int {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a write error means the client is gone; nothing to do
	return status
}
