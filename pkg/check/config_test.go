package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestUser(t *testing.T) {
	base := step("ADD rootfs", dir("etc"),
		file("etc/passwd", passwd+"toor:x:0:0::/root:/bin/sh\n"),
		file("etc/group", "root:x:0:\nstaff:x:50:app\n"))
	tests := []struct {
		name        string
		user        string
		later       []lay
		root, unkno bool
	}{
		{"no USER", "", nil, true, false},
		{"USER 0", "0", nil, true, false},
		{"USER 0:0", "0:0", nil, true, false},
		{"USER root:root", "root:root", nil, true, false},
		{"name with uid 0", "toor", nil, true, false},
		{"missing name", "ghost", nil, false, true},
		{"numeric uid not listed", "4242:4242", nil, false, false},
		{"plain user", "app", nil, false, false},
		{"known group", "app:staff", nil, false, false},
		{"missing group", "app:wheel", nil, false, true},
		{"passwd replaced: now root", "app",
			[]lay{step("RUN usermod", file("etc/passwd", "root:x:0:0::/:/bin/sh\napp:x:0:0::/:/bin/sh\n"))},
			true, false},
		{"passwd replaced: user gone", "toor",
			[]lay{step("RUN userdel toor", file("etc/passwd", passwd))}, false, true},
		{"passwd deleted", "app",
			[]lay{step("RUN rm /etc/passwd", whiteout("etc/passwd"))}, false, true},
		{"passwd behind a symlink", "app",
			[]lay{step("RUN mv", file("etc/accounts", passwd), symlink("etc/passwd", "accounts"))},
			false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, v1.Config{User: tt.user}, append([]lay{base}, tt.later...)...)
			if got := len(of(fs, "user-root")) == 1; got != tt.root {
				t.Errorf("user-root = %v, want %v: %v", got, tt.root, fs)
			}
			if got := len(of(fs, "user-unknown")) == 1; got != tt.unkno {
				t.Errorf("user-unknown = %v, want %v: %v", got, tt.unkno, fs)
			}
		})
	}
}

func TestMalformedAccountsWarn(t *testing.T) {
	img := build(t, v1.Config{User: "app:staff"}, []lay{step("ADD rootfs",
		file("etc/passwd", "root:x:0:0::/:/bin/sh\nbroken line\napp:x:notanumber:1::/:/bin/sh\n"+
			"app:x:1000:1000::/app:/bin/sh\n"),
		file("etc/group", "staff\nstaff:x:50:\n"))}, nil)
	in, fs := audit(t, img, Options{})

	if len(of(fs, "user-unknown")) != 0 || len(of(fs, "user-root")) != 0 {
		t.Errorf("findings %v, want app and staff read past the bad lines", fs)
	}
	warns := strings.Join(in.Warnings(), "\n")
	for _, want := range []string{"/etc/passwd line 2", "/etc/passwd line 3", "/etc/group line 1"} {
		if !strings.Contains(warns, want) {
			t.Errorf("warnings %q lack %q", warns, want)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	parent := func(cf *v1.ConfigFile) {
		cf.History = append([]v1.History{{EmptyLayer: true, CreatedBy: `/bin/sh -c #(nop)  ` +
			`HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/"] "30s" "0s" "0s" "0s" '\x00'}`}},
			cf.History...)
		cf.History = append(cf.History, v1.History{EmptyLayer: true,
			CreatedBy: `/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"] "0s" "0s" "0s" "0s" '\x00'}`})
	}
	tests := []struct {
		name    string
		hc      *v1.HealthConfig
		edit    func(*v1.ConfigFile)
		missing bool
		mention string
	}{
		{"none set", nil, nil, true, "no HEALTHCHECK"},
		{"empty test", &v1.HealthConfig{}, nil, true, "no HEALTHCHECK"},
		{"NONE", &v1.HealthConfig{Test: []string{"NONE"}}, nil, true, "HEALTHCHECK NONE"},
		{"NONE over a parent's", &v1.HealthConfig{Test: []string{"NONE"}}, parent, true,
			"history entry 0"},
		{"exec form", &v1.HealthConfig{Test: []string{"CMD", "/app", "health"}}, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := build(t, v1.Config{Healthcheck: tt.hc}, []lay{step("ADD x", file("x", "x"))}, tt.edit)
			_, fs := audit(t, img, Options{})
			got := of(fs, "healthcheck-missing")
			if (len(got) == 1) != tt.missing {
				t.Fatalf("healthcheck-missing = %v, want fired %v", got, tt.missing)
			}
			if tt.missing && !strings.Contains(got[0].Message, tt.mention) {
				t.Errorf("message %q does not mention %q", got[0].Message, tt.mention)
			}
		})
	}
}
