package main_test

import (
	"strings"
	"testing"
	"time"

	st "github.com/imgaudit/imgaudit/pkg/source/sourcetest"
)

// faultLimit bounds one run through the fault proxy: the slowest case
// waits out four retries, about seven seconds.
const faultLimit = time.Minute

// TestRegistryFaultsEndToEnd audits the naive image from the real registry
// through a proxy that misbehaves: the run must recover where a retry can
// help, and otherwise fail with exit status 2 and one line that names the
// registry and the reference, leaving nothing in TMPDIR.
func TestRegistryFaultsEndToEnd(t *testing.T) {
	env := setupE2E(t)
	const repo = "imgaudit-test/naive"

	tests := []struct {
		name  string
		tag   string
		rule  st.Rule
		flags []string
		want  int      // exit status
		says  []string // in the stderr line when want is 2
		least time.Duration
	}{
		{name: "401 without credentials", tag: "1",
			rule: st.Always("manifest", st.Status(401, "WWW-Authenticate", `Basic realm="t"`)),
			want: 2, says: []string{"refused access", "401"}},
		{name: "404 for a tag", tag: "absent", want: 2, says: []string{"MANIFEST_UNKNOWN"}},
		{name: "429 with Retry-After, then success", tag: "1",
			rule:  st.FirstN("manifest", 1, st.Status(429, "Retry-After", "2")),
			least: 2 * time.Second},
		{name: "500s, then success", tag: "1", rule: st.FirstN("blob", 2, st.Status(500))},
		{name: "connection reset in the middle of a blob, then success", tag: "1",
			rule: st.FirstN("blob", 3, &st.Fault{Reset: true})},
		{name: "500 for ever", tag: "1", rule: st.Always("blob", st.Status(500)),
			want: 2, says: []string{"500 Internal Server Error"}},
		{name: "server stops answering", tag: "1", rule: st.Always("blob", &st.Fault{Hang: true}),
			flags: []string{"--timeout", "3s"},
			want:  2, says: []string{"gave up after --timeout 3s", "deadline exceeded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := st.Start(t, env.registry, tt.rule)
			ref := p.Host + "/" + repo + ":" + tt.tag
			args := append([]string{"--format", "json", "--fail-on", "none"}, tt.flags...)

			o := runIsolated(t, faultLimit, nil, env.bin, append(args, "registry:"+ref)...)
			if o.code != tt.want {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", o.code, tt.want, o.stderr)
			}
			if o.took < tt.least {
				t.Errorf("took %v, want at least %v", o.took, tt.least)
			}
			if tt.want != 2 {
				return
			}
			lines := o.stderrLines()
			if len(lines) != 1 {
				t.Fatalf("stderr has %d lines, want one:\n%s", len(lines), o.stderr)
			}
			for _, w := range append([]string{"registry " + p.Host, ref}, tt.says...) {
				if !strings.Contains(lines[0], w) {
					t.Errorf("stderr line %q does not say %q", lines[0], w)
				}
			}
		})
	}
}
