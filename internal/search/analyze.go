package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// term is one analysed term of a text.
type term struct {
	text string
	kind termKind
}

// analyze returns the terms of prepared text: what bleve's analyzer
// (ix.analyzer: Unicode word segmentation, CJK unigrams and bigrams, English
// possessives, stop words and stems) makes of it, in one pass.
//
// Chinese characters are words of their own in Unicode's segmentation, so
// a run of them yields each character and each adjacent pair, taken from
// the text itself without copying; the text between such runs (English,
// punctuation) goes through bleve's analyzer. Text with characters that
// could join a Chinese character or be paired with one (combining marks,
// kana, rare ideographs) goes through bleve's analyzer whole.
// TestAnalyzeMatchesBleve checks both give the same terms.
func (ix *Index) analyze(text string, out []term) []term {
	if !plainText(text) {
		return ix.bleveTerms(text, out)
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isHan(r) {
			p := i // the character being paired
			i += n
			for i < len(text) {
				r, n := utf8.DecodeRuneInString(text[i:])
				if !isHan(r) {
					break
				}
				out = append(out, term{text[p:i], kindUnigram}, term{text[p : i+n], kindBigram})
				p, i = i, i+n
			}
			out = append(out, term{text[p:i], kindUnigram})
			continue
		}
		j, words := i, false
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if isHan(r) {
				break
			}
			// Only letters, digits and non-ASCII characters can make words;
			// ASCII punctuation and spaces alone make none.
			words = words || r >= utf8.RuneSelf || isWordByte(byte(r))
			j += n
		}
		if words {
			out = ix.bleveTerms(text[i:j], out)
		}
		i = j
	}
	return out
}

func (ix *Index) bleveTerms(text string, out []term) []term {
	for _, t := range ix.analyzer.Analyze([]byte(text)) {
		out = append(out, term{string(t.Term), kindOf(t)})
	}
	return out
}

// isHan is the common range of Chinese characters (CJK Unified Ideographs
// and extension A).
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF }

// plainText reports whether every character of s is ASCII, a common Chinese
// character, or punctuation and symbols that never join a word across a
// Chinese character.
func plainText(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf, isHan(r):
		case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E: // general punctuation
		case r >= 0x3001 && r <= 0x3004, r >= 0x3008 && r <= 0x3011, r >= 0x3014 && r <= 0x301F: // CJK punctuation
		case r >= 0x2190 && r <= 0x21FF, r >= 0x2600 && r <= 0x27BF: // arrows, symbols
		case r == 0xA5, r == 0xB7, r == 0xD7, r == 0xF7, r == 0x2103, r == 0x2116:
		default:
			return false
		}
	}
	return true
}

// kindOf tells what kind of term bleve's token is.
func kindOf(t *analysis.Token) termKind {
	switch t.Type {
	case analysis.Single:
		return kindUnigram
	case analysis.Double:
		return kindBigram
	}
	if n := utf8.RuneCount(t.Term); n == 1 && t.Term[0] >= utf8.RuneSelf {
		return kindUnigram
	}
	return kindWord
}
