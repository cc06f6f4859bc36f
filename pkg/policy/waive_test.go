package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestWaiverCovers(t *testing.T) {
	tests := []struct {
		name  string
		w     Waiver
		check string
		path  string
		want  bool
	}{
		{"whole check", Waiver{Check: "user-root"}, "user-root", "", true},
		{"whole check with a path", Waiver{Check: "env-file"}, "env-file", "/a/.env", true},
		{"other check", Waiver{Check: "env-file"}, "git-dir", "/a/.env", false},
		{"exact path", Waiver{Check: "env-file", Path: "/srv/app/.env"}, "env-file",
			"/srv/app/.env", true},
		{"other path", Waiver{Check: "env-file", Path: "/srv/app/.env"}, "env-file",
			"/srv/api/.env", false},
		{"star", Waiver{Check: "env-file", Path: "/srv/*/.env"}, "env-file", "/srv/api/.env", true},
		{"star stays in its folder", Waiver{Check: "env-file", Path: "/srv/*"}, "env-file",
			"/srv/api/.env", false},
		{"double star", Waiver{Check: "env-file", Path: "/srv/**"}, "env-file", "/srv/api/.env", true},
		{"double star, other tree", Waiver{Check: "env-file", Path: "/srv/**"}, "env-file",
			"/opt/srv/.env", false},
		{"double star after a pattern", Waiver{Check: "git-dir", Path: "/usr/*/node_modules/**"},
			"git-dir", "/usr/lib/node_modules/x/.git", true},
		{"path waiver, config finding", Waiver{Check: "user-root", Path: "/etc/passwd"},
			"user-root", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := result.Finding{Check: tt.check, Path: tt.path}
			if got := tt.w.covers(f); got != tt.want {
				t.Errorf("covers = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWaiverExpired(t *testing.T) {
	last := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"day before", time.Date(2027, 3, 30, 12, 0, 0, 0, time.UTC), false},
		{"last day, morning", time.Date(2027, 3, 31, 0, 0, 1, 0, time.UTC), false},
		{"last day, night", time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC), false},
		{"day after", time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC), true},
		{"a year after", time.Date(2028, 3, 31, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Waiver{Check: "env-file", Expires: last}
			if got := w.expired(tt.now); got != tt.want {
				t.Errorf("expired(%s) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
	if (Waiver{}).expired(time.Now()) {
		t.Error("a waiver without a date expired")
	}
}

func TestWaive(t *testing.T) {
	p, err := Parse("p.yaml", []byte(`ignore:
  - check: env-file
    path: /srv/app/.env
    reason: placeholder values only
  - check: env-file
    reason: every env file
    expires: 2020-01-01
  - check: git-dir
    reason: first
  - check: git-dir
    reason: second
`))
	if err != nil {
		t.Fatal(err)
	}
	res := &result.Result{Findings: []result.Finding{
		{Check: "env-file", Path: "/srv/app/.env"},
		{Check: "env-file", Path: "/srv/api/.env"},
		{Check: "git-dir", Path: "/srv/app/.git"},
		{Check: "user-root"},
	}}
	p.Waive(res, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))

	want := []string{"placeholder values only", "", "first", ""}
	for i, f := range res.Findings {
		got := ""
		if f.Waiver != nil {
			got = f.Waiver.Reason
		}
		if got != want[i] {
			t.Errorf("finding %d (%s %s): waiver %q, want %q", i, f.Check, f.Path, got, want[i])
		}
	}
	if w := res.Findings[0].Waiver; w.Source != "p.yaml:2" || w.Path != "/srv/app/.env" {
		t.Errorf("waiver record = %+v, want source p.yaml:2 and the path", w)
	}

	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "expired on 2020-01-01") ||
		!strings.Contains(res.Notes[0], "p.yaml:5") {
		t.Errorf("notes = %q, want one about the waiver at p.yaml:5 that expired", res.Notes)
	}
}
