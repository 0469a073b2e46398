package escalation

import (
	"context"
	"fmt"
	"time"
)

// DefaultMemory is how long a merchant's numbers are kept.
const DefaultMemory = 180 * 24 * time.Hour

// fieldMemory is the handover's first step when numbers are kept: confirm
// them instead of typing them again.
const fieldMemory = "remembered"

const (
	dataMemYes = "esc:mem:yes"
	dataMemNo  = "esc:mem:no"
)

// Memory sets how long the merchant and terminal numbers of a merchant's
// last ticket are kept for their next handover; 0 keeps nothing.
func (d *Desk) Memory(keep time.Duration) { d.memory = keep }

// remember keeps the numbers of a submitted ticket.
func (d *Desk) remember(ctx context.Context, t *Ticket) error {
	if d.memory <= 0 || t.Fields.MerchantNo == "" {
		return nil
	}
	return d.store.Remember(ctx, t.Merchant.Key(), t.Fields.MerchantNo, t.Fields.TerminalNo)
}

// recall offers the kept numbers at the start of a handover, unless the
// merchant already gave a merchant number.
func (d *Desk) recall(ctx context.Context, c *Conversation) error {
	c.Remembered = nil
	if d.memory <= 0 || c.Fields.MerchantNo != "" {
		return nil
	}
	mno, tno, ok, err := d.store.Remembered(ctx, c.Key, d.now().Add(-d.memory))
	if err != nil || !ok {
		return err
	}
	c.Remembered = &Fields{MerchantNo: mno, TerminalNo: tno}
	return nil
}

// confirmMemory applies the merchant's answer to the kept numbers.
func (c *Conversation) confirmMemory(yes bool) {
	if yes && c.Remembered != nil {
		if c.Fields.MerchantNo == "" {
			c.Fields.MerchantNo = c.Remembered.MerchantNo
		}
		if c.Fields.TerminalNo == "" {
			c.Fields.TerminalNo = c.Remembered.TerminalNo
		}
	}
	c.Remembered = nil
	if !yes {
		c.Skipped = append(c.Skipped, fieldMemory)
	}
}

// memoryQuestion asks to confirm the kept numbers, the merchant number
// partly masked.
func memoryQuestion(lang string, f *Fields) Reply {
	var q string
	switch {
	case lang == LangEN && f.TerminalNo != "":
		q = fmt.Sprintf("Still merchant no. %s, terminal %s?", maskMerchantNo(f.MerchantNo), f.TerminalNo)
	case lang == LangEN:
		q = fmt.Sprintf("Still merchant no. %s?", maskMerchantNo(f.MerchantNo))
	case f.TerminalNo != "":
		q = fmt.Sprintf("还是商户号 %s、终端 %s 吗？", maskMerchantNo(f.MerchantNo), f.TerminalNo)
	default:
		q = fmt.Sprintf("还是商户号 %s 吗？", maskMerchantNo(f.MerchantNo))
	}
	yes, no := "是", "换一个"
	if lang == LangEN {
		yes, no = "Yes", "Another one"
	}
	return Reply{Text: q, Buttons: [][]Button{{{Text: yes, Data: dataMemYes}, {Text: no, Data: dataMemNo}}}}
}

// maskMerchantNo shows a merchant number to its merchant as 8984401……0123.
func maskMerchantNo(s string) string {
	r := []rune(s)
	if len(r) <= 8 {
		return s
	}
	return string(r[:7]) + "……" + string(r[len(r)-4:])
}

// Me tells the merchant what posbot keeps for them, or with forget drops
// it: /me and /forget.
func (d *Desk) Me(ctx context.Context, m Merchant, forget bool) ([]Reply, error) {
	en := m.Lang == LangEN
	if forget {
		ok, err := d.store.Forget(ctx, m.Key(), time.Time{})
		if err != nil {
			return nil, err
		}
		switch {
		case en && ok:
			return []Reply{{Text: "Done: your merchant and terminal numbers are forgotten."}}, nil
		case en:
			return []Reply{{Text: "Nothing is kept for you."}}, nil
		case ok:
			return []Reply{{Text: "已删除为你保存的商户号和终端号。"}}, nil
		}
		return []Reply{{Text: "没有为你保存任何信息。"}}, nil
	}
	var mno, tno string
	var ok bool
	if d.memory > 0 {
		var err error
		if mno, tno, ok, err = d.store.Remembered(ctx, m.Key(), d.now().Add(-d.memory)); err != nil {
			return nil, err
		}
	}
	days := int(d.memory.Hours() / 24)
	switch {
	case !ok && en:
		return []Reply{{Text: "Nothing is kept for you. After a ticket, your merchant and terminal numbers are kept so that you need not type them again."}}, nil
	case !ok:
		return []Reply{{Text: "目前没有为你保存任何信息。提交工单后，商户号和终端号会保存下来，下次转人工时不用再输入。"}}, nil
	case en:
		return []Reply{{Text: fmt.Sprintf("Kept for you: merchant no. %s, terminal %s, for %d days after your last ticket. /forget deletes them.", maskMerchantNo(mno), orDash(tno), days)}}, nil
	}
	return []Reply{{Text: fmt.Sprintf("为你保存的信息：商户号 %s，终端号 %s，最后一次工单后保留 %d 天。发送 /forget 可删除。", maskMerchantNo(mno), orDash(tno), days)}}, nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
