// Package config reads posbot's settings from the environment. Every setting
// is a variable named here, with its default; a bad value is reported in one
// line naming the variable (never echoing a secret).
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/calendar"
	"github.com/posbot/posbot/internal/hours"
	"github.com/posbot/posbot/internal/settle"
)

// The environment variables posbot reads.
const (
	EnvKnowledgeDir    = "KNOWLEDGE_DIR"
	EnvPromptsDir      = "PROMPTS_DIR"
	EnvMinConfidence   = "MIN_CONFIDENCE"
	EnvBotToken        = "TELEGRAM_BOT_TOKEN"
	EnvAPIURL          = "TELEGRAM_API_URL"
	EnvSupportChatID   = "SUPPORT_CHAT_ID"
	EnvDatabaseURL     = "DATABASE_URL"
	EnvHTTPAddr        = "HTTP_ADDR"
	EnvWebhookURL      = "TELEGRAM_WEBHOOK_URL"
	EnvWebhookSecret   = "TELEGRAM_WEBHOOK_SECRET"
	EnvRateLimit       = "TELEGRAM_RATE_LIMIT"
	EnvShutdownTimeout = "SHUTDOWN_TIMEOUT"
	EnvLogLevel        = "LOG_LEVEL"
	EnvOpenAIKey       = "OPENAI_API_KEY"
	EnvOpenAIBaseURL   = "OPENAI_BASE_URL"
	EnvOpenAIModel     = "OPENAI_MODEL"
	EnvLLMTimeout      = "LLM_TIMEOUT"
	EnvReloadDebounce  = "RELOAD_DEBOUNCE"
	EnvGapRetention    = "GAP_RETENTION"
	EnvTZ              = "TZ"
	EnvBusinessHours   = hours.EnvVar
	EnvReminder        = "UNANSWERED_REMINDER"
	EnvReopenWindow    = "REOPEN_WINDOW"
	EnvAutoClose       = "AUTO_CLOSE"
	EnvAgentNames      = "SHOW_AGENT_NAMES"
	EnvMemory          = "MERCHANT_MEMORY"
	// FileSuffix marks a variable holding the path of a file with the value,
	// for secrets mounted as files.
	FileSuffix = "_FILE"
)

// Defaults.
const (
	DefaultKnowledgeDir    = "knowledge"
	DefaultPromptsDir      = "prompts"
	DefaultAPIURL          = "https://api.telegram.org"
	DefaultDatabaseURL     = "sqlite://data/posbot.db"
	DefaultHTTPAddr        = "127.0.0.1:8080"
	DefaultShutdownTimeout = 5 * time.Second
	DefaultLLMTimeout      = 4 * time.Second
	DefaultReloadDebounce  = 500 * time.Millisecond
	DefaultGapRetention    = 90 * 24 * time.Hour
	DefaultReminder        = 10 * time.Minute
	DefaultReopenWindow    = 7 * 24 * time.Hour
	DefaultAutoClose       = 72 * time.Hour
	DefaultMemory          = 180 * 24 * time.Hour
)

// Config holds the settings.
type Config struct {
	// KnowledgeDir is the knowledge folder; when it is the default and does
	// not exist, the knowledge base embedded in the binary is used.
	KnowledgeDir    string
	KnowledgeDirSet bool
	PromptsDir      string
	// MinConfidence overrides the assistant's calibrated threshold when > 0.
	MinConfidence float64
	// Zone is where merchants' dates (今天, 昨天) are read.
	Zone *time.Location

	BotToken      string
	APIURL        string
	SupportChatID int64
	DatabaseURL   string
	HTTPAddr      string
	WebhookURL    string
	WebhookSecret string
	// RateLimit paces sends within Telegram's limits; off only for
	// benchmarks against a fake server.
	RateLimit       bool
	ShutdownTimeout time.Duration
	LogLevel        string

	// The optional LLM step: on when a key or a base URL is set.
	OpenAIKey     string
	OpenAIBaseURL string
	OpenAIModel   string
	LLMTimeout    time.Duration

	// ReloadDebounce is how long knowledge files must be quiet before a
	// reload; GapRetention how long unanswered questions are kept.
	ReloadDebounce time.Duration
	GapRetention   time.Duration

	// The support desk: when people answer (in Zone, with China's
	// holidays), when an unanswered ticket is recalled to them (counted
	// in business hours), how long a merchant may reopen a closed ticket,
	// after how long a quiet ticket is closed, and whether merchants see
	// the claiming agent's first name.
	Hours *hours.Schedule
	// Settlement is how sales settle by default, for due days: the mode,
	// the cut-off and the 秒到 window, in Zone.
	Settlement   settle.Rules
	Reminder     time.Duration
	ReopenWindow time.Duration
	AutoClose    time.Duration
	AgentNames   bool
	// Memory is how long a merchant's numbers are kept for their next
	// handover; 0 keeps nothing.
	Memory time.Duration
}

// LLMEnabled reports whether a model is configured.
func (c *Config) LLMEnabled() bool { return c.OpenAIKey != "" || c.OpenAIBaseURL != "" }

var (
	tokenPattern  = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]{20,}$`)
	secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// FromEnv reads the settings through getenv (os.Getenv in production). It
// checks the values that are given; Serve checks what serving needs.
func FromEnv(getenv func(string) string) (*Config, error) {
	c := &Config{
		KnowledgeDir:    DefaultKnowledgeDir,
		PromptsDir:      DefaultPromptsDir,
		APIURL:          DefaultAPIURL,
		DatabaseURL:     DefaultDatabaseURL,
		HTTPAddr:        DefaultHTTPAddr,
		RateLimit:       true,
		ShutdownTimeout: DefaultShutdownTimeout,
		LogLevel:        "info",
		LLMTimeout:      DefaultLLMTimeout,
		ReloadDebounce:  DefaultReloadDebounce,
		GapRetention:    DefaultGapRetention,
		Reminder:        DefaultReminder,
		ReopenWindow:    DefaultReopenWindow,
		AutoClose:       DefaultAutoClose,
		Memory:          DefaultMemory,
	}
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	if v := get(EnvKnowledgeDir); v != "" {
		c.KnowledgeDir, c.KnowledgeDirSet = v, true
		if st, err := os.Stat(v); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("config: %s=%q: not a folder", EnvKnowledgeDir, v)
		}
	}
	if v := get(EnvPromptsDir); v != "" {
		c.PromptsDir = v
	}
	if v := get(EnvMinConfidence); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 1 {
			return nil, fmt.Errorf("config: %s=%q: want a number above 0 and at most 1, such as 0.325", EnvMinConfidence, v)
		}
		c.MinConfidence = f
	}
	tok, err := secret(getenv, EnvBotToken)
	if err != nil {
		return nil, err
	}
	if tok != "" && !tokenPattern.MatchString(tok) {
		return nil, fmt.Errorf("config: %s: malformed token: want the form 123456789:AA… that @BotFather gives", EnvBotToken)
	}
	c.BotToken = tok
	if v := get(EnvAPIURL); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("config: %s=%q: want an http or https URL such as %s", EnvAPIURL, v, DefaultAPIURL)
		}
		c.APIURL = strings.TrimRight(v, "/")
	}
	if v := get(EnvSupportChatID); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id == 0 {
			return nil, fmt.Errorf("config: %s=%q: want a chat id, a whole number such as -1001234567890", EnvSupportChatID, v)
		}
		c.SupportChatID = id
	}
	if v := get(EnvDatabaseURL); v != "" {
		if _, err := ParseDatabaseURL(v); err != nil {
			return nil, fmt.Errorf("config: %s: %w", EnvDatabaseURL, err)
		}
		c.DatabaseURL = v
	}
	if v := get(EnvHTTPAddr); v != "" {
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			return nil, fmt.Errorf("config: %s=%q: want host:port such as 127.0.0.1:8080 or :8080", EnvHTTPAddr, v)
		}
		c.HTTPAddr = v
	}
	if v := get(EnvWebhookURL); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("config: %s=%q: want the public https URL Telegram should post updates to", EnvWebhookURL, v)
		}
		c.WebhookURL = v
	}
	ws, err := secret(getenv, EnvWebhookSecret)
	if err != nil {
		return nil, err
	}
	if ws != "" && !secretPattern.MatchString(ws) {
		return nil, fmt.Errorf("config: %s: want 1 to 256 characters A-Z, a-z, 0-9, _ or -", EnvWebhookSecret)
	}
	c.WebhookSecret = ws
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		return nil, fmt.Errorf("config: %s is required with %s, so that only Telegram can post updates", EnvWebhookSecret, EnvWebhookURL)
	}
	if v := get(EnvRateLimit); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("config: %s=%q: want true or false", EnvRateLimit, v)
		}
		c.RateLimit = b
	}
	if v := get(EnvShutdownTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("config: %s=%q: want a duration such as 5s", EnvShutdownTimeout, v)
		}
		c.ShutdownTimeout = d
	}
	key, err := secret(getenv, EnvOpenAIKey)
	if err != nil {
		return nil, err
	}
	c.OpenAIKey = key
	if v := get(EnvOpenAIBaseURL); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("config: %s=%q: want the server's http(s) URL, e.g. https://api.deepseek.com/v1 or http://127.0.0.1:11434/v1", EnvOpenAIBaseURL, v)
		}
		c.OpenAIBaseURL = v
	}
	c.OpenAIModel = get(EnvOpenAIModel)
	if v := get(EnvLLMTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > time.Minute {
			return nil, fmt.Errorf("config: %s=%q: want a duration up to 1m, such as 4s", EnvLLMTimeout, v)
		}
		c.LLMTimeout = d
	}
	if v := get(EnvReloadDebounce); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Minute {
			return nil, fmt.Errorf("config: %s=%q: want a duration up to 1m, such as 500ms", EnvReloadDebounce, v)
		}
		c.ReloadDebounce = d
	}
	c.Zone = calendar.Shanghai()
	if v := get(EnvTZ); v != "" {
		loc, err := time.LoadLocation(v)
		if err != nil {
			return nil, fmt.Errorf("config: %s=%q: want a time zone such as Asia/Shanghai", EnvTZ, v)
		}
		c.Zone = loc
	}
	c.Settlement = settle.DefaultRules(c.Zone)
	if v := get(settle.EnvMode); v != "" {
		m, err := settle.ParseMode(v)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		c.Settlement.Mode = m
	}
	if v := get(settle.EnvCutoff); v != "" {
		d, err := settle.ParseCutoff(v)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		c.Settlement.Cutoff = d
	}
	if v := get(settle.EnvInstantWindow); v != "" {
		from, to, err := settle.ParseWindow(v)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		c.Settlement.InstantFrom, c.Settlement.InstantTo = from, to
	}
	sched, err := hours.Parse(get(EnvBusinessHours), c.Zone)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c.Hours = sched
	for _, d := range []struct {
		name string
		dst  *time.Duration
		eg   string
	}{{EnvReminder, &c.Reminder, "10m"}, {EnvReopenWindow, &c.ReopenWindow, "7d or 168h"}, {EnvAutoClose, &c.AutoClose, "72h or 3d"}} {
		if v := get(d.name); v != "" {
			dur, err := parseDays(v)
			if err != nil || dur <= 0 {
				return nil, fmt.Errorf("config: %s=%q: want a duration such as %s", d.name, v, d.eg)
			}
			*d.dst = dur
		}
	}
	if v := get(EnvMemory); v != "" {
		d, err := parseDays(v)
		if v == "0" {
			d, err = 0, nil
		}
		if err != nil || d < 0 {
			return nil, fmt.Errorf("config: %s=%q: want a duration such as 180d, or 0 to keep nothing", EnvMemory, v)
		}
		c.Memory = d
	}
	if v := strings.ToLower(get(EnvAgentNames)); v != "" {
		switch v {
		case "1", "true", "yes", "on":
			c.AgentNames = true
		case "0", "false", "no", "off":
		default:
			return nil, fmt.Errorf("config: %s=%q: want true or false", EnvAgentNames, v)
		}
	}
	if v := get(EnvGapRetention); v != "" {
		d, err := parseDays(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("config: %s=%q: want a duration such as 90d or 720h", EnvGapRetention, v)
		}
		c.GapRetention = d
	}
	if v := strings.ToLower(get(EnvLogLevel)); v != "" {
		switch v {
		case "debug", "info", "warn", "error":
			c.LogLevel = v
		default:
			return nil, fmt.Errorf("config: %s=%q: want debug, info, warn or error", EnvLogLevel, v)
		}
	}
	return c, nil
}

// Serve checks the settings `posbot serve` needs beyond FromEnv's.
func (c *Config) Serve() error {
	if c.BotToken == "" {
		return fmt.Errorf("config: %s (or %s%s) is required: the token @BotFather gave your bot", EnvBotToken, EnvBotToken, FileSuffix)
	}
	return nil
}

// Var is one setting, as posbot serve --help lists it: the variable, its
// default ("" when unset means off, or another package's default) and what
// it accepts.
type Var struct{ Name, Default, Accepts string }

// Vars lists every variable FromEnv reads.
func Vars() []Var {
	return []Var{
		{EnvBotToken, "", "the token @BotFather gave your bot (required by serve); or " + EnvBotToken + FileSuffix + ", a file holding it"},
		{EnvAPIURL, DefaultAPIURL, "the Bot API server, an http(s) URL"},
		{EnvWebhookURL, "", "the public https URL Telegram posts updates to; long polling when unset"},
		{EnvWebhookSecret, "", "1 to 256 of A-Z a-z 0-9 _ -, required with " + EnvWebhookURL + "; or " + EnvWebhookSecret + FileSuffix},
		{EnvSupportChatID, "", "the support group's chat id, such as -1001234567890"},
		{EnvDatabaseURL, DefaultDatabaseURL, "sqlite://RELATIVE/PATH, sqlite:///ABSOLUTE/PATH, sqlite:PATH or postgres://USER@HOST/DB"},
		{EnvHTTPAddr, DefaultHTTPAddr, "host:port for /healthz, /metrics and the webhook"},
		{EnvShutdownTimeout, "5s", "a duration: how long replies in flight may take at exit"},
		{EnvRateLimit, "true", "true or false: pace sends within Telegram's limits"},
		{EnvLogLevel, "info", "debug, info, warn or error"},
		{EnvKnowledgeDir, DefaultKnowledgeDir, "the knowledge folder; the built-in copy when unset and ./knowledge does not exist"},
		{EnvPromptsDir, DefaultPromptsDir, "the LLM templates' folder; the built-in copy when unset and ./prompts does not exist"},
		{EnvMinConfidence, "", "a number above 0 and at most 1 that an article's confidence must reach"},
		{EnvOpenAIKey, "", "turns on rephrasing by the model; or " + EnvOpenAIKey + FileSuffix},
		{EnvOpenAIBaseURL, "", "an OpenAI-compatible server's http(s) URL, such as http://127.0.0.1:11434/v1"},
		{EnvOpenAIModel, "", "the model's name"},
		{EnvLLMTimeout, "4s", "a duration up to 1m: the longest a merchant waits for the model"},
		{EnvReloadDebounce, "500ms", "a duration up to 1m: how long knowledge files must be quiet before a reload"},
		{EnvGapRetention, "90d", "a duration such as 90d or 720h: how long the gap report keeps questions"},
		{EnvTZ, "Asia/Shanghai", "the merchants' time zone"},
		{settle.EnvMode, "T+1", "T+1, T+0, D+1, D+0 or instant (秒到): how sales settle by default"},
		{settle.EnvCutoff, "23:00", "HH:MM: sales from then count as the next day's"},
		{settle.EnvInstantWindow, "07:00-22:30", "HH:MM-HH:MM: when 秒到 is instant"},
		{EnvBusinessHours, "24/7", "when agents answer, such as " + hours.Example},
		{EnvReminder, "10m", "a duration in business hours: when an unanswered ticket is recalled to the agents"},
		{EnvReopenWindow, "7d", "a duration: how long a merchant may reopen a closed ticket"},
		{EnvAutoClose, "72h", "a duration: after how long a quiet ticket is closed"},
		{EnvAgentNames, "false", "true or false: merchants see the claiming agent's first name"},
		{EnvMemory, "180d", "a duration, or 0: how long a merchant's 商户号 and 终端号 are kept for the next handover"},
	}
}

// Database is where a DATABASE_URL points.
type Database struct {
	// Driver is "sqlite" or "postgres".
	Driver string
	// Path is the SQLite file, relative to the working directory unless it
	// starts with /, or ":memory:".
	Path string
	// DSN is the PostgreSQL URL as given, for pgx.
	DSN string
	// name is the URL to show in messages: never a password.
	name string
}

// String names the database for messages: a PostgreSQL URL without its
// password or options.
func (d Database) String() string { return d.name }

const wantDatabase = "want sqlite://RELATIVE/PATH, sqlite:///ABSOLUTE/PATH or postgres://USER@HOST/DB"

var schemePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

// ParseDatabaseURL reads a database URL: sqlite:PATH or sqlite://PATH (a
// file relative to the working directory, or absolute when PATH starts
// with /, as in sqlite:///var/lib/posbot.db), sqlite::memory:, or
// postgres:// and postgresql:// URLs for pgx. Its errors are one line,
// suggest the URL meant when they can, never show a password, and leave
// naming the variable to the caller.
func ParseDatabaseURL(raw string) (Database, error) {
	raw = strings.TrimSpace(raw)
	m := schemePattern.FindString(raw)
	if m == "" {
		// No scheme: a file path, or a key=value connection string, which
		// may hold a password and is not shown.
		if raw != "" && !strings.ContainsAny(raw, " \t=@") {
			return Database{}, fmt.Errorf("%q is a file path, not a URL: did you mean %s?", raw, sqliteURL(raw))
		}
		return Database{}, errors.New(wantDatabase)
	}
	scheme, rest := strings.ToLower(strings.TrimSuffix(m, ":")), raw[len(m):]
	switch {
	case scheme == "sqlite":
		return parseSQLite(raw, rest)
	case scheme == "postgres" || scheme == "postgresql":
		u, err := url.Parse(raw)
		if err != nil {
			// url's error repeats the URL, password and all.
			return Database{}, errors.New("malformed postgres URL (not shown: it may hold a password): want postgres://USER:PASSWORD@HOST:PORT/DB")
		}
		name := u.Scheme + "://"
		if u.User != nil {
			name += u.User.Username() + "@"
		}
		return Database{Driver: "postgres", DSN: raw, name: name + u.Host + u.Path}, nil
	case strings.Contains(scheme, "sqlite") || strings.Contains(scheme, "sqllite") || scheme == "file":
		path, _, _ := strings.Cut(strings.TrimPrefix(rest, "//"), "?")
		return Database{}, fmt.Errorf("%q: unknown scheme %s: did you mean %s?", raw, scheme, sqliteURL(path))
	case strings.HasPrefix(scheme, "pg") || strings.HasPrefix(scheme, "postgre") || scheme == "psql":
		return Database{}, fmt.Errorf("unknown scheme %s: did you mean postgres://USER@HOST/DB?", scheme)
	}
	return Database{}, fmt.Errorf("unsupported database %q: %s", scheme, wantDatabase)
}

// parseSQLite reads what follows "sqlite:": PATH, //PATH or ///ABS.
func parseSQLite(raw, rest string) (Database, error) {
	path := strings.TrimPrefix(rest, "//")
	if p, _, ok := strings.Cut(path, "?"); ok {
		return Database{}, fmt.Errorf("%q: a sqlite URL takes no ?options, posbot sets its own: did you mean %s?", raw, sqliteURL(p))
	}
	switch {
	case path == "":
		return Database{}, fmt.Errorf("%q names no file: want sqlite://data/posbot.db or sqlite:///ABSOLUTE/PATH", raw)
	case path == ":memory:":
		return Database{Driver: "sqlite", Path: path, name: "sqlite://" + path}, nil
	case strings.HasSuffix(path, "/"):
		return Database{}, fmt.Errorf("%q names a folder: want a file in it, such as %s", raw, sqliteURL(path+"posbot.db"))
	}
	path = filepath.Clean(path)
	return Database{Driver: "sqlite", Path: path, name: sqliteURL(path)}, nil
}

// sqliteURL is the URL of a SQLite file: sqlite://data/x.db for a relative
// path, sqlite:///var/x.db for an absolute one.
func sqliteURL(path string) string { return "sqlite://" + path }

// secret reads NAME, or the file named by NAME_FILE; not both.
func secret(getenv func(string) string, name string) (string, error) {
	v, file := strings.TrimSpace(getenv(name)), strings.TrimSpace(getenv(name+FileSuffix))
	switch {
	case v != "" && file != "":
		return "", fmt.Errorf("config: set %s or %s%s, not both", name, name, FileSuffix)
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("config: %s%s: cannot read %q", name, FileSuffix, file)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return v, nil
}

// parseDays is time.ParseDuration that also takes whole days: "90d".
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, err
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// ParseSince reads a period such as "7d" or "48h" for reports.
func ParseSince(v string) (time.Duration, error) { return parseDays(v) }
