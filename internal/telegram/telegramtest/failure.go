package telegramtest

import (
	"fmt"
	"net/http"
)

// Failure is a Telegram error reply. It implements error so that a HandlerFunc
// can return it directly.
type Failure struct {
	// Status is both the HTTP status and the error_code in the body.
	Status      int
	Description string
	// RetryAfter becomes parameters.retry_after; the parameters object is
	// omitted when it is zero.
	RetryAfter int
}

func (f Failure) Error() string {
	return fmt.Sprintf("telegram error %d: %s", f.Status, f.Description)
}

// TooManyRequests is the flood-control error, which go-telegram/bot turns into
// a *bot.TooManyRequestsError carrying RetryAfter.
func TooManyRequests(retryAfter int) Failure {
	return Failure{
		Status:      http.StatusTooManyRequests,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		RetryAfter:  retryAfter,
	}
}

// Forbidden is what Telegram answers when the user has blocked the bot.
func Forbidden() Failure {
	return Failure{Status: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
}

// ChatNotFound is what Telegram answers for an unknown or inaccessible chat.
func ChatNotFound() Failure {
	return badRequest("chat not found")
}

// ServerError is a transient failure of Telegram's front end.
func ServerError() Failure {
	return Failure{Status: http.StatusBadGateway, Description: "Bad Gateway"}
}

func badRequest(reason string) Failure {
	return Failure{Status: http.StatusBadRequest, Description: "Bad Request: " + reason}
}
