// Package escalation hands a merchant to a person: it collects what a
// support agent needs (merchant and terminal, when, how much, how they paid,
// what the terminal said), turns it into a ticket, and follows the ticket
// until an agent closes it. It speaks posbot's own types; the channel and
// the database sit behind the interfaces declared here.
package escalation

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// Status of a ticket.
type Status string

// Ticket statuses.
const (
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// Merchant is who a conversation is with, named by a channel and the
// conversation's id in that channel, so that any channel fits.
type Merchant struct {
	Channel  string `json:"channel"`          // "telegram", "console"
	ID       string `json:"id"`               // the conversation in that channel: a Telegram chat id
	Person   string `json:"person,omitempty"` // who wrote, in that channel: a Telegram user id
	Name     string `json:"name"`
	Username string `json:"username,omitempty"`
	Lang     string `json:"lang"` // "zh" or "en"
}

// Key names the merchant's conversation across channels: "telegram:42".
func (m Merchant) Key() string { return m.Channel + ":" + m.ID }

// UnmarshalJSON also reads a merchant stored before channels, named by
// Telegram's chat_id and user_id (the console was chat -1).
func (m *Merchant) UnmarshalJSON(b []byte) error {
	type plain Merchant
	var v struct {
		plain
		ChatID *int64 `json:"chat_id"`
		UserID *int64 `json:"user_id"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = Merchant(v.plain)
	if m.Channel == "" && v.ChatID != nil {
		m.Channel, m.ID = "telegram", strconv.FormatInt(*v.ChatID, 10)
		if *v.ChatID == -1 {
			m.Channel, m.ID = "console", "local"
		}
		if v.UserID != nil && *v.UserID > 0 {
			m.Person = strconv.FormatInt(*v.UserID, 10)
		}
	}
	return nil
}

// Role of a turn in a transcript.
type Role string

// Roles.
const (
	RoleMerchant Role = "merchant"
	RoleBot      Role = "bot"
	RoleAgent    Role = "agent"
	// RoleNote is an agents' internal note: it stays in the support chat
	// and never reaches the merchant.
	RoleNote Role = "note"
)

// Turn is one message of a conversation, card numbers already masked.
type Turn struct {
	Role Role      `json:"role"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
	// Article is, on a bot turn, the article or response code answered
	// with: a follow-up ("还是不行") is read with it.
	Article string `json:"article,omitempty"`
}

// Ticket is a merchant's request for a person, with what was collected.
type Ticket struct {
	ID          int64     `json:"id"`
	RequestKey  string    `json:"request_key"` // makes creation idempotent: the same key never makes two tickets
	Status      Status    `json:"status"`
	Merchant    Merchant  `json:"merchant"`
	Fields      Fields    `json:"fields"`
	Description string    `json:"description"`
	Topic       string    `json:"topic"`
	Articles    []string  `json:"articles"`   // articles the bot already showed
	Transcript  []Turn    `json:"transcript"` // the conversation before the handoff
	Rating      int       `json:"rating,omitempty"`
	Assignee    string    `json:"assignee,omitempty"`  // the agent who claimed it
	Reminders   int       `json:"reminders,omitempty"` // unanswered reminders sent: 1 in the thread, 2 also outside
	CreatedAt   time.Time `json:"created_at"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	// Earlier are the merchant's previous tickets, newest first, for the
	// card; read when the card is rendered, not stored with the ticket.
	Earlier []*Ticket `json:"-"`
}

// Mode is where a merchant's conversation stands.
type Mode string

// Conversation modes.
const (
	ModeIdle       Mode = ""           // the answering core answers
	ModeCollecting Mode = "collecting" // asking for the ticket's fields
	ModeConfirming Mode = "confirming" // summary shown, waiting for 提交 or 取消
	ModeOpen       Mode = "open"       // a ticket is open: messages go to agents
)

// Conversation is the state of one merchant's chat, kept across restarts.
type Conversation struct {
	Key         string    `json:"key"` // the merchant's Key
	Merchant    Merchant  `json:"merchant"`
	Mode        Mode      `json:"mode"`
	Fields      Fields    `json:"fields"`
	Description string    `json:"description"`
	Asking      string    `json:"asking"`  // the field last asked for
	Skipped     []string  `json:"skipped"` // optional fields the merchant skipped
	Topic       string    `json:"topic"`
	Articles    []string  `json:"articles"`
	Turns       []Turn    `json:"turns"`
	TicketID    int64     `json:"ticket_id"`
	Started     time.Time `json:"started"` // when collecting began: part of the ticket's request key
	// Opening is the merchant's first message of the episode that led to
	// the handoff: the card's transcript starts with it.
	Opening *Turn `json:"opening,omitempty"`
	// Remembered are the numbers of the merchant's last ticket, offered
	// for confirmation instead of asking again.
	Remembered *Fields `json:"remembered,omitempty"`
	// Attachments are the photos and files sent while the ticket's
	// fields were collected: they go to the agents with the card.
	Attachments []Attachment `json:"attachments,omitempty"`
	// Misses counts messages in a row the collector could not place.
	Misses    int       `json:"misses,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// maxTurns is how much of a conversation is kept for the ticket card.
const maxTurns = 20

// RecentWindow is how far back the conversation before a handoff is read:
// what the merchant wrote and the articles shown within it go on the ticket.
const RecentWindow = time.Hour

// AddTurn appends a turn, keeping the most recent maxTurns.
func (c *Conversation) AddTurn(t Turn) {
	c.Turns = append(c.Turns, t)
	if len(c.Turns) > maxTurns {
		c.Turns = append([]Turn(nil), c.Turns[len(c.Turns)-maxTurns:]...)
	}
}

// Kind of a delivery.
type Kind string

// Delivery kinds.
const (
	KindCard       Kind = "card"        // the ticket card, into the support chat
	KindToSupport  Kind = "to_support"  // a merchant's message, into the ticket's thread
	KindToMerchant Kind = "to_merchant" // an agent's reply or a notice, to the merchant
	// KindCardUpdate replaces the text of the ticket's card, where the
	// channel can (who claimed it); Text is the whole new card.
	KindCardUpdate Kind = "card_update"
	// KindToGeneral goes into the support chat itself, outside the
	// ticket's thread (a forum's general topic), with a link to the card.
	KindToGeneral Kind = "to_general"
)

// Attachment is a photo, file, voice note or video, as its channel names
// it: Ref is the channel's id for the file (Telegram's file_id), Chat and
// Message where it was sent, Album the group it came in, if any.
type Attachment struct {
	Kind    string `json:"kind"` // "photo", "file", "voice", "video", "sticker"
	Ref     string `json:"ref"`
	Chat    int64  `json:"chat,omitempty"`
	Message int    `json:"message,omitempty"`
	Album   string `json:"album,omitempty"`
}

// Attachment kinds.
const (
	AttachPhoto   = "photo"
	AttachFile    = "file"
	AttachVoice   = "voice"
	AttachVideo   = "video"
	AttachSticker = "sticker"
)

// Button is a choice offered under a message; Data comes back when pressed.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

// Delivery is a message about a ticket that must reach Telegram even across
// restarts and failures: it is stored with the change that causes it and
// sent from the store until it succeeds.
type Delivery struct {
	ID       int64
	TicketID int64
	Kind     Kind
	// A delivery of KindToMerchant goes to the ticket's merchant, any
	// other to the ticket's support side: the channel resolves where.
	Text    string
	Buttons [][]Button
	// Attachments go after the text, as one group.
	Attachments []Attachment
	// Album, if set, lets the album's later items join this delivery
	// while it waits; NotBefore holds it back until the album is in.
	Album     string
	NotBefore time.Time
	Attempts  int
	// Holder is who claimed it: only the holder may record its outcome.
	Holder string
}

// ErrLostClaim is returned when a delivery's outcome is recorded by a
// process that no longer holds its claim.
var ErrLostClaim = errors.New("escalation: the delivery's claim is held by another process")

// Block is a merchant agents stopped posbot answering.
type Block struct {
	Merchant string // the merchant's Key
	By       string // the agent
	At       time.Time
}

// Feedback is what a merchant said about an answer.
type Feedback struct {
	Merchant    string // the merchant's Key
	Person      string
	ArticleID   string
	Helpful     bool
	WantsPerson bool
	At          time.Time
}

// ErrNotFound is returned when a ticket or conversation does not exist.
var ErrNotFound = errors.New("not found")

// Store keeps conversations, tickets and their deliveries.
type Store interface {
	// Conversation is the merchant's (by Key), a fresh one if none.
	Conversation(ctx context.Context, key string) (*Conversation, error)
	SaveConversation(ctx context.Context, c *Conversation) error
	// CreateTicket stores t and the deliveries ds makes for it (given the
	// ticket with its number) in one transaction. If a ticket with
	// t.RequestKey exists it is returned with created false.
	CreateTicket(ctx context.Context, t *Ticket, ds func(saved *Ticket) []Delivery) (saved *Ticket, created bool, err error)
	Ticket(ctx context.Context, id int64) (*Ticket, error)
	// AddTurn records a message of an open ticket and what it causes to be sent.
	AddTurn(ctx context.Context, ticketID int64, t Turn, ds []Delivery) error
	// Turns are the messages of a ticket after it was opened.
	Turns(ctx context.Context, ticketID int64) ([]Turn, error)
	// CloseTicket closes an open ticket; false if it was closed already.
	CloseTicket(ctx context.Context, id int64, at time.Time, ds []Delivery) (bool, error)
	RateTicket(ctx context.Context, id int64, rating int) error
	// AssignTicket gives a ticket to agent if it is still assigned to from.
	AssignTicket(ctx context.Context, id int64, from, agent string, ds []Delivery) (bool, error)
	// ReopenTicket opens a closed ticket again; false if it was open.
	ReopenTicket(ctx context.Context, id int64, ds []Delivery) (bool, error)
	// RemindTicket records reminder level for a ticket that had fewer, and
	// queues ds; false if another process got there first.
	RemindTicket(ctx context.Context, id int64, level int, ds []Delivery) (bool, error)
	// JoinAlbum adds as to the ticket's waiting delivery of album, with
	// turn, and gives it the text label makes (nil: unchanged); false if
	// there is none (it went already, or never was).
	// Remember keeps a merchant's numbers; Remembered reads them if kept
	// since since; Forget drops them (key "": all kept before before).
	Remember(ctx context.Context, key, merchantNo, terminalNo string) error
	Remembered(ctx context.Context, key string, since time.Time) (merchantNo, terminalNo string, ok bool, err error)
	Forget(ctx context.Context, key string, before time.Time) (bool, error)
	CreateIncident(ctx context.Context, in Incident) (Incident, error)
	ActiveIncidents(ctx context.Context, now time.Time) ([]Incident, error)
	Incidents(ctx context.Context, limit int) ([]Incident, error)
	EndIncident(ctx context.Context, id int64, at time.Time) (bool, error)
	// TellIncident records a merchant told of an incident; false if they
	// had been.
	TellIncident(ctx context.Context, id int64, merchant string) (bool, error)
	IncidentMerchants(ctx context.Context, id int64) ([]string, error)
	JoinAlbum(ctx context.Context, ticketID int64, album string, turn Turn, as []Attachment, label func(text string, all []Attachment) string) (bool, error)
	Block(ctx context.Context, key, by string) error
	Unblock(ctx context.Context, key string) (bool, error)
	Blocked(ctx context.Context, key string) (bool, error)
	Tickets(ctx context.Context, status Status, limit int) ([]*Ticket, error)
	// MerchantTickets are the merchant's (by Key) tickets before ticket
	// before, newest first.
	MerchantTickets(ctx context.Context, key string, before int64, limit int) ([]*Ticket, error)
}

// Observer is told what happens to tickets, for metrics.
type Observer interface {
	TicketOpened()
	TicketClosed()
	// FirstReply is how long a ticket waited for its first agent reply.
	FirstReply(wait time.Duration)
	Note()                 // an internal note was kept
	Claimed()              // an agent claimed a ticket
	Reopened()             // a closed ticket was opened again
	Reminded()             // an unanswered ticket was recalled to the agents
	Attached(n int)        // n photos or files were relayed
	IncidentTold(id int64) // a merchant was told of incident id
}
