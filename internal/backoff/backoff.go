// Package backoff is posbot's one retry schedule: every loop that retries
// (sending to Telegram, delivering a ticket's messages, polling for
// updates) waits by the same rule, doubling from a first wait to a cap.
package backoff

import "time"

// Policy doubles First after every failure, up to Max.
type Policy struct {
	First, Max time.Duration
}

// After is the wait before retry number n: First for the first retry, then
// twice as long each time, never more than Max.
func (p Policy) After(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	d := p.First << min(n-1, 30)
	if d <= 0 || d > p.Max {
		return p.Max
	}
	return d
}
