package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// The realistic tests build images shaped like what real bases and builds
// leave (Alpine, Debian slim, distroless, language images and their build
// stages) and state what a careful reviewer expects of every check on them.

// dpkgStatus writes a dpkg status file with a full stanza for each package,
// given as "name version"; a third word "rc" marks a package removed but
// whose configuration files stay, as apt-get remove leaves it.
func dpkgStatus(pkgs ...string) string {
	var b strings.Builder
	for _, p := range pkgs {
		f := strings.Fields(p)
		status := "install ok installed"
		if len(f) > 2 && f[2] == "rc" {
			status = "deinstall ok config-files"
		}
		fmt.Fprintf(&b, "Package: %s\nStatus: %s\nPriority: optional\nSection: misc\n"+
			"Installed-Size: 1024\nMaintainer: Debian Maintainers <maint@lists.debian.org>\n"+
			"Architecture: amd64\nMulti-Arch: same\nVersion: %s\n"+
			"Depends: libc6 (>= 2.34), libgcc-s1 (>= 3.0)\n"+
			"Conffiles:\n /etc/%s.conf 0123456789abcdef0123456789abcdef\n"+
			"Description: the %s package\n Long description: Package: not-a-package\n .\n"+
			" More of it.\nHomepage: https://example.org/%s\n\n", f[0], status, f[1], f[0], f[0], f[0])
	}
	return b.String()
}

// apkInstalled writes Alpine's installed database with a record for each
// package, given as "name version".
func apkInstalled(pkgs ...string) string {
	var b strings.Builder
	for _, p := range pkgs {
		f := strings.Fields(p)
		fmt.Fprintf(&b, "C:Q1abcdefghijklmnopqrstuvwxyz0=\nP:%s\nV:%s\nA:x86_64\nS:123456\n"+
			"I:654321\nT:the %s package\nU:https://example.org/\nL:MIT\no:%s\n"+
			"m:Alpine Maintainers <maint@example.org>\nt:1700000000\nc:0123abcd\n"+
			"D:so:libc.musl-x86_64.so.1\np:cmd:%s=%s\nF:usr/bin\nR:%s\na:0:0:755\n"+
			"Z:Q1zyxwvutsrqponmlkjihgfedcba0=\n\n", f[0], f[1], f[0], f[0], f[0], f[1], f[0])
	}
	return b.String()
}

// fired counts the findings of each check.
func fired(fs []result.Finding) map[string]int {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Check]++
	}
	return n
}

// expectChecks fails unless exactly the checks in want fired, each as many
// times as want says.
func expectChecks(t *testing.T, fs []result.Finding, want map[string]int) {
	t.Helper()
	got := fired(fs)
	for _, id := range slices.Sorted(maps.Keys(got)) {
		if got[id] != want[id] {
			t.Errorf("%s fired %d times, want %d:\n%s", id, got[id], want[id], messagesOf(fs, id))
		}
	}
	for id, n := range want {
		if got[id] == 0 && n > 0 {
			t.Errorf("%s did not fire, want %d findings", id, n)
		}
	}
}

// messagesOf lists the findings of one check, a line each.
func messagesOf(fs []result.Finding, id string) string {
	var b strings.Builder
	for _, f := range of(fs, id) {
		layer := "-"
		if f.Layer != nil {
			layer = fmt.Sprint(*f.Layer)
		}
		fmt.Fprintf(&b, "  %s [%s] %s: %s\n", f.Path, layer, f.Severity, f.Message)
	}
	return b.String()
}

// expectAt fails unless check id has a finding at path p from layer layer,
// of severity sev, whose message holds every one of words.
func expectAt(t *testing.T, fs []result.Finding, id, p string, layer int,
	sev result.Severity, words ...string) {
	t.Helper()
	f := byPath(fs, id, p)
	if f == nil {
		t.Errorf("no %s finding at %s; %s findings:\n%s", id, p, id, messagesOf(fs, id))
		return
	}
	if f.Severity != sev {
		t.Errorf("%s at %s is %s, want %s", id, p, f.Severity, sev)
	}
	if f.Layer == nil || *f.Layer != layer {
		t.Errorf("%s at %s is from layer %v, want %d", id, p, f.Layer, layer)
	}
	for _, w := range words {
		if !strings.Contains(f.Message, w) {
			t.Errorf("%s at %s: message %q lacks %q", id, p, f.Message, w)
		}
	}
}

// noneSay fails if any finding's message or history holds s, such as a
// secret's value.
func noneSay(t *testing.T, fs []result.Finding, s string) {
	t.Helper()
	for _, f := range fs {
		if strings.Contains(f.Message, s) || strings.Contains(f.CreatedBy, s) ||
			strings.Contains(f.Subject, s) {
			t.Errorf("%s finding shows %q: %s (%s)", f.Check, s, f.Message, f.CreatedBy)
		}
	}
}
