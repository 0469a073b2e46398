package telegramtest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/go-telegram/bot/models"
)

// queuedUpdate is an update waiting to be confirmed by getUpdates. id is what
// offsets compare against; raw is delivered verbatim.
type queuedUpdate struct {
	id  int64
	raw json.RawMessage
}

// PushUpdate queues u for getUpdates and wakes any waiting long poll. A zero
// update_id is replaced by the next free one; the id used is returned.
func (s *Server) PushUpdate(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		u.ID = s.nextUpdate
	}
	raw, err := json.Marshal(&u)
	if err != nil {
		s.tb.Errorf("telegramtest: PushUpdate: cannot marshal update: %v", err)
		return 0
	}
	s.enqueue(u.ID, raw)
	return u.ID
}

// PushRawUpdate queues a hand-written update, for shapes models.Update cannot
// express. It must be a JSON object; update_id is added when missing. The
// update_id used for offset confirmation is returned.
func (s *Server) PushRawUpdate(raw string) int64 {
	var obj map[string]any
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber() // keep ids exact when re-marshalling
	if !json.Valid([]byte(raw)) || dec.Decode(&obj) != nil || obj == nil {
		s.tb.Errorf("telegramtest: PushRawUpdate: update must be a JSON object, got %q", raw)
		return 0
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUpdate
	v, ok := obj["update_id"]
	if !ok {
		obj["update_id"] = id
		body, err := marshalCompact(obj)
		if err != nil {
			s.tb.Errorf("telegramtest: PushRawUpdate: %v", err)
			return 0
		}
		s.enqueue(id, json.RawMessage(body))
		return id
	}
	// Keep a present update_id verbatim, even a malformed one: sending odd
	// updates is the point. Offsets then use the id when it is an integer and
	// a fresh internal one otherwise.
	if n, ok := v.(json.Number); ok {
		if parsed, err := n.Int64(); err == nil {
			id = parsed
		}
	}
	var buf bytes.Buffer
	_ = json.Compact(&buf, []byte(raw)) // cannot fail: validated above
	s.enqueue(id, buf.Bytes())
	return id
}

// Pending returns how many updates have not been confirmed yet. A bot has
// consumed an update once this drops, because confirming means asking for the
// next offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// enqueue must be called with s.mu held.
func (s *Server) enqueue(id int64, raw json.RawMessage) {
	s.queue = append(s.queue, queuedUpdate{id: id, raw: raw})
	if id >= s.nextUpdate {
		s.nextUpdate = id + 1
	}
	close(s.wake)
	s.wake = make(chan struct{})
}

// confirm drops updates the way a getUpdates offset does: a positive offset
// confirms every update with a lower id, a negative one keeps only the last
// -offset updates. It must be called with s.mu held.
func (s *Server) confirm(offset int64) {
	switch {
	case offset > 0:
		kept := s.queue[:0]
		for _, u := range s.queue {
			if u.id >= offset {
				kept = append(kept, u)
			}
		}
		s.queue = kept
	case offset < 0 && int64(len(s.queue)) > -offset:
		s.queue = append([]queuedUpdate(nil), s.queue[int64(len(s.queue))+offset:]...)
	}
}

// pendingJSON renders up to limit queued updates as a JSON array without
// dequeuing them: only a later offset confirms them. It must be called with
// s.mu held.
func (s *Server) pendingJSON(limit int) json.RawMessage {
	n := min(limit, len(s.queue))
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, u := range s.queue[:n] {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(u.raw)
	}
	buf.WriteByte(']')
	return buf.Bytes()
}

// builderSeq numbers the messages and callback queries made by the builders.
// Its ids start at builderBase, far above the server's message counter, so
// that incoming and bot-sent messages are easy to tell apart in a failing test.
var builderSeq atomic.Int64

const builderBase = 1_000_000

func nextBuilderID() int64 {
	return builderBase + builderSeq.Add(1)
}

// Text builds an incoming text message from a merchant whose Telegram client
// is set to Simplified Chinese.
func Text(chatID, userID int64, text string) models.Update {
	return TextLang(chatID, userID, text, "zh-hans")
}

// TextLang is Text with the sender's client language set to lang.
func TextLang(chatID, userID int64, text, lang string) models.Update {
	from := merchant(userID, lang)
	return models.Update{Message: &models.Message{
		ID:       int(nextBuilderID()),
		From:     &from,
		Date:     int(time.Now().Unix()),
		Chat:     userChat(chatID, from),
		Text:     text,
		Entities: commandEntities(text),
	}}
}

// Callback builds a press on an inline button with callback data data, on the
// bot message messageID in chatID.
func Callback(chatID, userID int64, messageID int, data string) models.Update {
	from := merchant(userID, "zh-hans")
	id := nextBuilderID()
	return models.Update{CallbackQuery: &models.CallbackQuery{
		ID:   strconv.FormatInt(id, 10),
		From: from,
		Message: models.MaybeInaccessibleMessage{
			Type: models.MaybeInaccessibleMessageTypeMessage,
			// A non-zero date is what marks the message as accessible.
			Message: &models.Message{
				ID:   messageID,
				Date: int(time.Now().Unix()),
				Chat: userChat(chatID, from),
			},
		},
		ChatInstance: strconv.FormatInt(chatID, 10),
		Data:         data,
	}}
}

func merchant(userID int64, lang string) models.User {
	return models.User{
		ID:           userID,
		FirstName:    "Merchant",
		Username:     "m" + strconv.FormatInt(userID, 10),
		LanguageCode: lang,
	}
}

// userChat is the chat as seen in an incoming update: a private chat carries
// the user's names, a group its title.
func userChat(chatID int64, from models.User) models.Chat {
	if chatID > 0 {
		return models.Chat{
			ID:        chatID,
			Type:      models.ChatTypePrivate,
			FirstName: from.FirstName,
			Username:  from.Username,
		}
	}
	return models.Chat{ID: chatID, Type: models.ChatTypeSupergroup, Title: "posbot test group"}
}

// commandEntities marks a leading /command the way Telegram does, so that
// go-telegram/bot's MatchTypeCommand handlers fire on built updates.
func commandEntities(text string) []models.MessageEntity {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	cmd := text
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		cmd = text[:i]
	}
	if len(cmd) < 2 {
		return nil
	}
	return []models.MessageEntity{{
		Type:   models.MessageEntityTypeBotCommand,
		Offset: 0,
		Length: utf16Len(cmd),
	}}
}

// Photo builds a merchant's photo with a caption; album, if set, is its
// media_group_id.
func Photo(chatID, userID int64, fileID, caption, album string) models.Update {
	u := Text(chatID, userID, "")
	u.Message.Entities = nil
	u.Message.Photo = []models.PhotoSize{{FileID: fileID + "-small", Width: 90, Height: 90}, {FileID: fileID, Width: 1280, Height: 960}}
	u.Message.Caption = caption
	u.Message.MediaGroupID = album
	return u
}

// Document builds a merchant's file (a PDF) of size bytes, with a caption.
func Document(chatID, userID int64, fileID, name string, size int64, caption string) models.Update {
	u := Text(chatID, userID, "")
	u.Message.Entities = nil
	u.Message.Document = &models.Document{FileID: fileID, FileName: name, MimeType: "application/pdf", FileSize: size}
	u.Message.Caption = caption
	return u
}
