// Package config reads posbot's settings from the environment. Every setting
// is a variable named here, with its default; a bad value is reported with the
// variable's name.
package config

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The environment variables posbot reads.
const (
	EnvKnowledgeDir  = "KNOWLEDGE_DIR"
	EnvMinConfidence = "MIN_CONFIDENCE"
)

// Defaults.
const (
	DefaultKnowledgeDir = "knowledge"
)

// Config holds the settings.
type Config struct {
	// KnowledgeDir is the knowledge folder; when it is the default and does
	// not exist, the knowledge base embedded in the binary is used.
	KnowledgeDir    string
	KnowledgeDirSet bool
	// MinConfidence overrides the assistant's calibrated threshold when > 0.
	MinConfidence float64
}

// FromEnv reads the settings through getenv (os.Getenv in production).
func FromEnv(getenv func(string) string) (*Config, error) {
	c := &Config{KnowledgeDir: DefaultKnowledgeDir}
	if v := strings.TrimSpace(getenv(EnvKnowledgeDir)); v != "" {
		c.KnowledgeDir, c.KnowledgeDirSet = v, true
	}
	if v := strings.TrimSpace(getenv(EnvMinConfidence)); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 1 {
			return nil, fmt.Errorf("config: %s=%q: want a number above 0 and at most 1, such as 0.5", EnvMinConfidence, v)
		}
		c.MinConfidence = f
	}
	if c.KnowledgeDirSet {
		if st, err := os.Stat(c.KnowledgeDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("config: %s=%q: not a folder", EnvKnowledgeDir, c.KnowledgeDir)
		}
	}
	return c, nil
}
