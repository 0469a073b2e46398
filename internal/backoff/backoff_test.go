package backoff_test

import (
	"testing"
	"time"

	"github.com/posbot/posbot/internal/backoff"
)

func TestAfter(t *testing.T) {
	p := backoff.Policy{First: 500 * time.Millisecond, Max: 10 * time.Second}
	for _, tt := range []struct {
		n    int
		want time.Duration
	}{
		{-1, 500 * time.Millisecond}, {0, 500 * time.Millisecond}, {1, 500 * time.Millisecond},
		{2, time.Second}, {3, 2 * time.Second}, {5, 8 * time.Second}, {6, 10 * time.Second},
		{64, 10 * time.Second}, {1 << 30, 10 * time.Second},
	} {
		if got := p.After(tt.n); got != tt.want {
			t.Errorf("After(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}
