package config_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/posbot/posbot/internal/config"
)

func getenv(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

// badValues are, for every variable, values FromEnv must refuse. secret
// marks values that must not appear in the message.
var badValues = []struct {
	name   string
	env    map[string]string
	secret string
}{
	{config.EnvBotToken, map[string]string{config.EnvBotToken: "hunter2-not-a-token"}, "hunter2"},
	{config.EnvBotToken, map[string]string{config.EnvBotToken: "1:AAAAAAAAAAAAAAAAAAAAAAAA", config.EnvBotToken + config.FileSuffix: "x"}, ""},
	{config.EnvBotToken, map[string]string{config.EnvBotToken + config.FileSuffix: "/nonexistent/token"}, ""},
	{config.EnvAPIURL, map[string]string{config.EnvAPIURL: "ftp://api.telegram.org"}, ""},
	{config.EnvAPIURL, map[string]string{config.EnvAPIURL: "api.telegram.org"}, ""},
	{config.EnvWebhookURL, map[string]string{config.EnvWebhookURL: "bot.example.com/hook", config.EnvWebhookSecret: "s"}, ""},
	{config.EnvWebhookSecret, map[string]string{config.EnvWebhookSecret: "hunter2 with spaces"}, "hunter2"},
	{config.EnvWebhookSecret, map[string]string{config.EnvWebhookURL: "https://bot.example.com/hook"}, ""},
	{config.EnvSupportChatID, map[string]string{config.EnvSupportChatID: "support"}, ""},
	{config.EnvSupportChatID, map[string]string{config.EnvSupportChatID: "0"}, ""},
	{config.EnvDatabaseURL, map[string]string{config.EnvDatabaseURL: "/tmp/x.db"}, ""},
	{config.EnvDatabaseURL, map[string]string{config.EnvDatabaseURL: "mysql://root:hunter2@db/posbot"}, "hunter2"},
	{config.EnvDatabaseURL, map[string]string{config.EnvDatabaseURL: "host=db password=hunter2"}, "hunter2"},
	{config.EnvDatabaseURL, map[string]string{config.EnvDatabaseURL: "postgres://u:hunter2 x@db/posbot"}, "hunter2"},
	{config.EnvHTTPAddr, map[string]string{config.EnvHTTPAddr: "8080"}, ""},
	{config.EnvHTTPAddr, map[string]string{config.EnvHTTPAddr: "localhost"}, ""},
	{config.EnvShutdownTimeout, map[string]string{config.EnvShutdownTimeout: "5"}, ""},
	{config.EnvShutdownTimeout, map[string]string{config.EnvShutdownTimeout: "-1s"}, ""},
	{config.EnvRateLimit, map[string]string{config.EnvRateLimit: "maybe"}, ""},
	{config.EnvLogLevel, map[string]string{config.EnvLogLevel: "verbose"}, ""},
	{config.EnvKnowledgeDir, map[string]string{config.EnvKnowledgeDir: "testdata/nope"}, ""},
	{config.EnvKnowledgeDir, map[string]string{config.EnvKnowledgeDir: "config_test.go"}, ""},
	{config.EnvMinConfidence, map[string]string{config.EnvMinConfidence: "high"}, ""},
	{config.EnvMinConfidence, map[string]string{config.EnvMinConfidence: "0"}, ""},
	{config.EnvMinConfidence, map[string]string{config.EnvMinConfidence: "1.5"}, ""},
	{config.EnvOpenAIKey, map[string]string{config.EnvOpenAIKey: "sk-hunter2", config.EnvOpenAIKey + config.FileSuffix: "k"}, "hunter2"},
	{config.EnvOpenAIKey, map[string]string{config.EnvOpenAIKey + config.FileSuffix: "/nonexistent/key"}, ""},
	{config.EnvOpenAIBaseURL, map[string]string{config.EnvOpenAIBaseURL: "localhost:11434"}, ""},
	{config.EnvOpenAIBaseURL, map[string]string{config.EnvOpenAIBaseURL: "http://"}, ""},
	{config.EnvLLMTimeout, map[string]string{config.EnvLLMTimeout: "2m"}, ""},
	{config.EnvLLMTimeout, map[string]string{config.EnvLLMTimeout: "0s"}, ""},
	{config.EnvReloadDebounce, map[string]string{config.EnvReloadDebounce: "2m"}, ""},
	{config.EnvReloadDebounce, map[string]string{config.EnvReloadDebounce: "soon"}, ""},
	{config.EnvGapRetention, map[string]string{config.EnvGapRetention: "0"}, ""},
	{config.EnvGapRetention, map[string]string{config.EnvGapRetention: "xd"}, ""},
	{config.EnvTZ, map[string]string{config.EnvTZ: "Mars/Olympus"}, ""},
	{"SETTLEMENT_MODE", map[string]string{"SETTLEMENT_MODE": "T+9"}, ""},
	{"SETTLEMENT_CUTOFF", map[string]string{"SETTLEMENT_CUTOFF": "25:00"}, ""},
	{"INSTANT_WINDOW", map[string]string{"INSTANT_WINDOW": "22:30-07:00"}, ""},
	{config.EnvBusinessHours, map[string]string{config.EnvBusinessHours: "Funday 09:00-18:00"}, ""},
	{config.EnvReminder, map[string]string{config.EnvReminder: "0"}, ""},
	{config.EnvReminder, map[string]string{config.EnvReminder: "soon"}, ""},
	{config.EnvReopenWindow, map[string]string{config.EnvReopenWindow: "-1d"}, ""},
	{config.EnvAutoClose, map[string]string{config.EnvAutoClose: "0s"}, ""},
	{config.EnvAgentNames, map[string]string{config.EnvAgentNames: "perhaps"}, ""},
	{config.EnvMemory, map[string]string{config.EnvMemory: "-1d"}, ""},
	{config.EnvMemory, map[string]string{config.EnvMemory: "forever"}, ""},
}

// freeForm are the variables with no value FromEnv can refuse: a folder
// checked when the prompts load, and a model name the server checks.
var freeForm = map[string]bool{config.EnvPromptsDir: true, config.EnvOpenAIModel: true}

// A bad value is one line that names the variable and shows no secret.
func TestBadValues(t *testing.T) {
	for _, tt := range badValues {
		_, err := config.FromEnv(getenv(tt.env))
		if err == nil {
			t.Errorf("%v: accepted", tt.env)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "config: ") || !strings.Contains(msg, tt.name) || strings.Contains(msg, "\n") {
			t.Errorf("%v: %q: want one line, config: …, naming %s", tt.env, msg, tt.name)
		}
		if tt.secret != "" && strings.Contains(msg, tt.secret) {
			t.Errorf("%v: %q shows the secret", tt.env, msg)
		}
	}
}

// Every variable FromEnv reads is tested with a bad value, and listed
// with a default FromEnv takes as the default.
func TestEveryVariable(t *testing.T) {
	tested := map[string]bool{}
	for _, tt := range badValues {
		tested[tt.name] = true
	}
	base, err := config.FromEnv(getenv(nil))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, v := range config.Vars() {
		if seen[v.Name] {
			t.Errorf("%s listed twice", v.Name)
		}
		seen[v.Name] = true
		if !tested[v.Name] && !freeForm[v.Name] {
			t.Errorf("%s: no bad value tested", v.Name)
		}
		if v.Accepts == "" {
			t.Errorf("%s: does not say what it accepts", v.Name)
		}
		if v.Default == "" || v.Name == config.EnvKnowledgeDir {
			continue // KNOWLEDGE_DIR=knowledge must exist, as it does not here
		}
		c, err := config.FromEnv(getenv(map[string]string{v.Name: v.Default}))
		if err != nil {
			t.Errorf("%s=%s, its listed default: %v", v.Name, v.Default, err)
			continue
		}
		if !reflect.DeepEqual(c, base) {
			t.Errorf("%s=%s, its listed default, is not the default:\n%+v\n%+v", v.Name, v.Default, c, base)
		}
	}
	for name := range tested {
		if !seen[name] {
			t.Errorf("%s is tested but not listed in Vars", name)
		}
	}
}

func TestParseDatabaseURL(t *testing.T) {
	tests := []struct {
		raw          string
		driver, path string
		name         string // how messages show it
	}{
		{config.DefaultDatabaseURL, "sqlite", "data/posbot.db", "sqlite://data/posbot.db"},
		{"sqlite:data/x.db", "sqlite", "data/x.db", "sqlite://data/x.db"},
		{"sqlite://data/x.db", "sqlite", "data/x.db", "sqlite://data/x.db"},
		{"sqlite://./x.db", "sqlite", "x.db", "sqlite://x.db"},
		{"sqlite:/tmp/y.db", "sqlite", "/tmp/y.db", "sqlite:///tmp/y.db"},
		{"sqlite:///tmp/y.db", "sqlite", "/tmp/y.db", "sqlite:///tmp/y.db"},
		{"SQLite:///tmp/y.db", "sqlite", "/tmp/y.db", "sqlite:///tmp/y.db"},
		{"sqlite:///tmp/50%#1.db", "sqlite", "/tmp/50%#1.db", "sqlite:///tmp/50%#1.db"},
		{"sqlite://:memory:", "sqlite", ":memory:", "sqlite://:memory:"},
		{"sqlite::memory:", "sqlite", ":memory:", "sqlite://:memory:"},
		{"postgres://posbot:hunter2@db:5432/posbot?sslmode=disable&password=x", "postgres", "", "postgres://posbot@db:5432/posbot"},
		{"postgresql://db/posbot", "postgres", "", "postgresql://db/posbot"},
	}
	for _, tt := range tests {
		got, err := config.ParseDatabaseURL(tt.raw)
		if err != nil {
			t.Errorf("%s: %v", tt.raw, err)
			continue
		}
		if got.Driver != tt.driver || got.Path != tt.path || got.String() != tt.name {
			t.Errorf("%s: got %s %q shown as %s, want %s %q shown as %s", tt.raw, got.Driver, got.Path, got, tt.driver, tt.path, tt.name)
		}
		if tt.driver == "postgres" && got.DSN != tt.raw {
			t.Errorf("%s: DSN %q, want the URL as given", tt.raw, got.DSN)
		}
	}
}

// What DATABASE_URL refuses, it refuses in one line naming the variable,
// with the URL meant when there is one, and never a password.
func TestDatabaseURLRefused(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"/tmp/x.db", `"/tmp/x.db" is a file path, not a URL: did you mean sqlite:///tmp/x.db?`},
		{"data/x.db", "did you mean sqlite://data/x.db?"},
		{"x.db", "did you mean sqlite://x.db?"},
		{"sqlite3:///tmp/x.db", "did you mean sqlite:///tmp/x.db?"},
		{"sqlite3:x.db", "did you mean sqlite://x.db?"},
		{"sqlite3://data/x.db?cache=shared", "did you mean sqlite://data/x.db?"},
		{"file:data/x.db", "did you mean sqlite://data/x.db?"},
		{"sqlite://x.db?mode=ro", "takes no ?options, posbot sets its own: did you mean sqlite://x.db?"},
		{"sqlite:", "names no file"},
		{"sqlite://", "names no file"},
		{"sqlite:///", "names a folder"},
		{"sqlite://data/", "names a folder: want a file in it, such as sqlite://data/posbot.db"},
		{"mysql://root:hunter2@db/posbot", `unsupported database "mysql"`},
		{"pg://posbot:hunter2@db/posbot", "did you mean postgres://USER@HOST/DB?"},
		{"postgre://db/posbot", "did you mean postgres://USER@HOST/DB?"},
		{"host=db password=hunter2", "want sqlite://"},
		{"posbot:hunter2@db/posbot", "unsupported database"},
		{"hunter2@db/posbot", "want sqlite://"},
		{"postgres://posbot:hunter2 x@db/posbot", "malformed postgres URL"},
	}
	for _, tt := range tests {
		_, err := config.FromEnv(getenv(map[string]string{config.EnvDatabaseURL: tt.raw}))
		if err == nil {
			t.Errorf("%s: accepted", tt.raw)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "config: DATABASE_URL: ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
			t.Errorf("%s: %q, want one line naming DATABASE_URL with %q", tt.raw, msg, tt.want)
		}
		if strings.Contains(msg, "hunter2") {
			t.Errorf("%s: %q shows the password", tt.raw, msg)
		}
	}
}

// Parsing never touches the disk: no folder named after the scheme, or
// anything else.
func TestParseDatabaseURLMakesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, raw := range []string{"sqlite:/tmp/y.db", "sqlite:sub/x.db", "sqlite://data/x.db", "/tmp/x.db", "sqlite3:x.db"} {
		config.ParseDatabaseURL(raw)
		config.FromEnv(getenv(map[string]string{config.EnvDatabaseURL: raw}))
	}
	if ents, _ := os.ReadDir(dir); len(ents) > 0 {
		t.Errorf("parsing made %s", filepath.Join(dir, ents[0].Name()))
	}
}
