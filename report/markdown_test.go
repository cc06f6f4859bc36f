package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, gated()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	for _, want := range []string{
		"❌ imgaudit gate failed", "`127.0.0.1:5000/app:1`",
		"**4 findings** (2 high, 1 medium, 1 low)", "1 block the gate at `high`", "1 waived",
		"<summary>Waived findings (1)</summary>", "2027-03-31",
		"| 🚫 | high (new) | `env-file` | `/srv/app/.env` (layer 2) |",
		"| low (worse) |", "expired on 2020-01-01",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	// Code spans show their text as it is; outside them nothing from the
	// image may become markup.
	prose := withoutCode(out)
	for _, bad := range []string{`<script>`, `[^\\]\]\(http`, `[^\\]\*x`} {
		if m := regexp.MustCompile(bad).FindString(prose); m != "" {
			t.Errorf("markdown has unescaped %q:\n%s", m, out)
		}
	}

	// Every table row keeps its columns: no pipe from the image splits a cell.
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cols := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if cols != 3 && cols != 5 && cols != 6 {
			t.Errorf("row has %d pipes: %s", cols, line)
		}
	}

	open := out[:strings.Index(out, "<summary>Waived")]
	if strings.Contains(open, "user-root") {
		t.Error("the waived finding is in the table of findings that count")
	}
}

func TestMarkdownHeadline(t *testing.T) {
	tests := []struct {
		name string
		gate *result.Gate
		want string
	}{
		{"no gate", nil, "### imgaudit: `app`"},
		{"gate off", &result.Gate{FailOn: "none", Passed: true}, "### imgaudit: `app`"},
		{"passed", &result.Gate{FailOn: "high", Passed: true}, "### ✅ imgaudit gate passed: `app`"},
		{"failed", &result.Gate{FailOn: "low", Blocking: 2}, "### ❌ imgaudit gate failed: `app`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &result.Result{Image: result.Image{Reference: "app"}, Gate: tt.gate}
			var buf bytes.Buffer
			if err := Markdown(&buf, res); err != nil {
				t.Fatal(err)
			}
			if first, _, _ := strings.Cut(buf.String(), "\n"); first != tt.want {
				t.Errorf("headline = %q, want %q", first, tt.want)
			}
		})
	}
}

func TestMarkdownCode(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "/srv/app", "`/srv/app`"},
		{"backtick inside", "a`b", "``a`b``"},
		{"backtick at the edge", "`a", "`` `a ``"},
		{"two backticks", "a``b", "```a``b```"},
		{"pipe", "a|b", "`a\\|b`"},
		{"newline", "a\nb", "`a b`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := code(tt.in); got != tt.want {
				t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// withoutCode replaces every code span with CODE: a run of backticks opens
// one, and the next run of as many closes it.
func withoutCode(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		n := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
		fence, rest := s[i:i+n], s[i+n:]

		end := -1
		for j := 0; j < len(rest); {
			k := strings.Index(rest[j:], fence)
			if k < 0 {
				break
			}
			k += j
			m := len(rest[k:]) - len(strings.TrimLeft(rest[k:], "`"))
			if m == n {
				end = k
				break
			}
			j = k + m
		}
		if end < 0 {
			b.WriteString(fence)
			s = rest
			continue
		}
		b.WriteString("CODE")
		s = rest[end+n:]
	}
	return b.String()
}
