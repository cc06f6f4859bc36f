package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, gated()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	for _, want := range []string{
		`class="verdict failed"`, "gate failed at high", `data-script="not run"`,
		`id="layer-chart"`, `id="folder-chart"`, "Waived (1)", "2027-03-31",
		"/srv/app/.env", "expired on 2020-01-01", "Content-Security-Policy",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	if n := strings.Count(out, "<script"); n != 1 {
		t.Errorf("%d script elements, want only the page's own", n)
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile path is not shown escaped")
	}
	// Nothing may load from elsewhere: no src, href, url() or @import.
	if m := regexp.MustCompile(`(?i)\b(src|href)\s*=|url\(|@import`).FindString(out); m != "" {
		t.Errorf("page refers to another resource: %q", m)
	}

	if n := strings.Count(out, `<rect class="bar"`); n != 3 {
		t.Errorf("%d layer bars, want 3", n)
	}
	if !strings.Contains(out, `<rect class="bar" x="330" y="0" height="18" width="420">`) {
		t.Error("the biggest layer's bar is not the full length")
	}
}

func TestHTMLVerdict(t *testing.T) {
	tests := []struct {
		name string
		gate *result.Gate
		want string
	}{
		{"no gate", nil, `class="verdict off"`},
		{"off", &result.Gate{FailOn: "none", Passed: true}, `class="verdict off"`},
		{"passed", &result.Gate{FailOn: "medium", Passed: true}, `class="verdict passed"`},
		{"failed", &result.Gate{FailOn: "medium"}, `class="verdict failed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := HTML(&buf, &result.Result{Gate: tt.gate}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tt.want) {
				t.Errorf("page lacks %q", tt.want)
			}
		})
	}
}

func TestFolderChart(t *testing.T) {
	res := &result.Result{Folders: []result.PathSize{
		{Path: "/usr/lib", Size: 2 << 20}, {Path: "/var/lib", Size: 1 << 20},
	}}
	var buf bytes.Buffer
	if err := HTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	i, j := strings.Index(page, ">/usr/lib<"), strings.Index(page, ">/var/lib<")
	if i < 0 || j < 0 || i > j {
		t.Errorf("folder chart lacks /usr/lib before /var/lib")
	}
}
