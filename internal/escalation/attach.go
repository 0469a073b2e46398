package escalation

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/posbot/posbot/internal/redact"
)

// albumWait is how long the first item of an album waits for the rest:
// Telegram sends an album as one message per item, a moment apart.
const albumWait = 1500 * time.Millisecond

// maxCollected bounds the files kept while a ticket's fields are collected.
const maxCollected = 10

// fieldPhoto is the optional step of a payment problem's handover: a photo
// of the terminal's screen or the receipt.
const fieldPhoto = "photo"

// attachmentNames name files for the agents and the record.
var attachmentNames = map[string]string{
	AttachPhoto: "图片", AttachFile: "文件", AttachVoice: "语音", AttachVideo: "视频", AttachSticker: "表情",
}

func describeFiles(as []Attachment) string {
	var names []string
	for _, a := range as {
		name := attachmentNames[a.Kind]
		if name == "" {
			name = a.Kind
		}
		names = append(names, "["+name+"]")
	}
	return strings.Join(names, " ")
}

// Attach takes photos or files a merchant sent, with their caption: on an
// open ticket they go to the agents' thread (an album as one group); while
// the fields are collected they are kept for the card and the caption is
// read like any message. false when the desk has no use for them (no
// handover under way): the caller answers as for text.
func (d *Desk) Attach(ctx context.Context, m Merchant, caption string, as []Attachment) ([]Reply, bool, error) {
	c, err := d.store.Conversation(ctx, m.Key())
	if err != nil {
		return nil, true, err
	}
	lang := c.Merchant.Lang
	if lang == "" {
		lang = m.Lang
	}
	album := ""
	if len(as) > 0 {
		album = as[0].Album
	}
	switch c.Mode {
	case ModeOpen:
		t, err := d.store.Ticket(ctx, c.TicketID)
		if err != nil {
			return nil, true, err
		}
		clean := redact.Stored(strings.TrimSpace(caption))
		turn := Turn{Role: RoleMerchant, Text: strings.TrimSpace(describeFiles(as) + " " + clean), At: d.now()}
		if album != "" {
			joined, err := d.store.JoinAlbum(ctx, t.ID, album, turn, as, func(text string, all []Attachment) string {
				// The first line names what came; a caption (on the
				// album's first item) stays below it.
				_, rest, _ := strings.Cut(text, "\n")
				head := fmt.Sprintf("📎 商户（工单 #%d）发来 %s", t.ID, describeFiles(all))
				if rest != "" {
					return head + "：\n" + rest
				}
				return head
			})
			if err != nil || joined {
				return nil, true, err // the album's first item was answered
			}
		}
		text := fmt.Sprintf("📎 商户（工单 #%d）发来 %s", t.ID, describeFiles(as))
		if clean != "" {
			text += "：\n" + Quoted(clean)
		}
		dl := Delivery{Kind: KindToSupport, Text: text, Attachments: as, Album: album}
		if album != "" {
			dl.NotBefore = d.now().Add(albumWait)
		}
		if err := d.store.AddTurn(ctx, t.ID, turn, []Delivery{dl}); err != nil {
			return nil, true, err
		}
		if d.obs != nil {
			d.obs.Attached(len(as))
		}
		return []Reply{{Text: msg(lang, msgAttachedOpen)}}, true, nil
	case ModeCollecting, ModeConfirming:
		sameAlbum := album != "" && len(c.Attachments) > 0 && c.Attachments[len(c.Attachments)-1].Album == album
		if room := maxCollected - len(c.Attachments); room > 0 {
			c.Attachments = append(c.Attachments, as[:min(len(as), room)]...)
		}
		if err := d.store.SaveConversation(ctx, c); err != nil {
			return nil, true, err
		}
		if strings.TrimSpace(caption) != "" {
			// The caption is read like text, and masked like text.
			return d.Handle(ctx, m, caption)
		}
		if sameAlbum {
			return nil, true, nil // the album's first item was answered
		}
		if c.Mode == ModeConfirming {
			return []Reply{{Text: msg(lang, msgAttachedLater)}}, true, nil
		}
		r, err := d.next(ctx, c, msg(lang, msgAttachedLater)+"\n")
		return r, true, err
	}
	return nil, false, nil
}

// FromSupportFiles relays photos or files an agent posted on ticket t to
// the merchant, with their caption; an album goes as one group.
func (d *Desk) FromSupportFiles(ctx context.Context, t *Ticket, a Agent, caption string, as []Attachment) (string, error) {
	if t.Status != StatusOpen {
		return fmt.Sprintf("工单 #%d 已关闭，文件没有转给商户（/reopen 可重新打开）。", t.ID), nil
	}
	clean := redact.Stored(strings.TrimSpace(caption))
	turn := Turn{Role: RoleAgent, Text: strings.TrimSpace(describeFiles(as) + " " + clean), At: d.now()}
	album := as[0].Album
	if album != "" {
		joined, err := d.store.JoinAlbum(ctx, t.ID, album, turn, as, nil)
		if err != nil || joined {
			return "", err
		}
	}
	text := fmt.Sprintf(msg(t.Merchant.Lang, msgFromAgent), t.ID, clean)
	dl := Delivery{Kind: KindToMerchant, Text: strings.TrimSpace(text), Attachments: as, Album: album}
	if album != "" {
		dl.NotBefore = d.now().Add(albumWait)
	}
	if err := d.store.AddTurn(ctx, t.ID, turn, []Delivery{dl}); err != nil {
		return "", err
	}
	if d.obs != nil {
		d.obs.Attached(len(as))
	}
	return "", nil
}
