package escalation_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/posbot/posbot/internal/escalation"
	"github.com/posbot/posbot/internal/redact"
)

// One card rule: whatever redact masks as a card is never taken as a
// field, at every length redact accepts (13–19 digits), and a labelled
// number is neither masked nor refused.
func TestOneCardRule(t *testing.T) {
	now := time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)
	for n := 12; n <= 20; n++ {
		body := strings.Repeat("4", n-1)
		for check := '0'; check <= '9'; check++ {
			d := body + string(check)
			masked := redact.HasCard(d)
			if masked != redact.IsCard(d) {
				t.Fatalf("%s: HasCard %v but IsCard %v", d, masked, !masked)
			}
			f := escalation.Extract(d, now)
			if masked && f != (escalation.Fields{}) {
				t.Errorf("%d digits %s: masked as a card, but extracted %+v", n, d, f)
			}
		}
	}
	if f := escalation.Extract("商户号898440153990125", now); f.MerchantNo != "898440153990125" || redact.Cards("商户号898440153990125") != "商户号898440153990125" {
		t.Errorf("labelled merchant number: extracted %+v, masked %q", f, redact.Cards("商户号898440153990125"))
	}
}

// Every field of Fields has its row in the table, under its JSON name, and
// every row but the description reads its own field: the table is the one
// declaration the summary, the card and `posbot tickets` list from.
func TestFieldTableCoversFields(t *testing.T) {
	rows := map[string]escalation.Field{}
	for _, f := range escalation.FieldTable() {
		if f.Label[0] == "" || f.Label[1] == "" || f.Question[0] == "" || f.Question[1] == "" || f.Parse == nil {
			t.Errorf("field %q lacks a label, a question or a parser", f.Name)
		}
		rows[f.Name] = f
	}
	typ := reflect.TypeOf(escalation.Fields{})
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if _, ok := rows[name]; !ok {
			t.Errorf("Fields.%s (%s) has no row in the field table", typ.Field(i).Name, name)
			continue
		}
		var f escalation.Fields
		reflect.ValueOf(&f).Elem().Field(i).SetString("x")
		if got := escalation.FieldValue(f, name); got != "x" {
			t.Errorf("the %s row reads %q, not Fields.%s", name, got, typ.Field(i).Name)
		}
	}
	if len(rows) != typ.NumField()+1 {
		t.Errorf("%d rows for %d fields and the description", len(rows), typ.NumField())
	}
}
