package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// TestRealisticCommands runs ENTRYPOINT and CMD as official images and
// common Dockerfiles write them. The shell form counts when the shell is
// what the runtime starts, with the program as its child; a script that
// ends by exec'ing the program hands PID 1 to it, as the check's own advice
// says to.
func TestRealisticCommands(t *testing.T) {
	const node = "node server.js"
	tests := []struct {
		name       string
		entrypoint []string
		cmd        []string
		want       string // the instruction the finding names; "" for none
	}{
		{"nginx", []string{"/docker-entrypoint.sh"}, []string{"nginx", "-g", "daemon off;"}, ""},
		{"CMD in shell form", nil, []string{"/bin/sh", "-c", node}, "CMD"},
		{"CMD exec in shell form", nil, []string{"/bin/sh", "-c", "exec gunicorn app:app"}, ""},
		{"cd, then exec", nil, []string{"/bin/sh", "-c", "cd /app && exec " + node}, ""},
		{"exec with output redirected", nil,
			[]string{"/bin/sh", "-c", "exec " + node + " >/proc/1/fd/1 2>&1"}, ""},
		{"exec first, program last", nil,
			[]string{"/bin/sh", "-c", "exec 3>&1; " + node}, "CMD"},
		{"SHELL with pipefail", nil,
			[]string{"/bin/bash", "-o", "pipefail", "-c", node}, "CMD"},
		{"bash -lc", nil, []string{"bash", "-lc", node}, "CMD"},
		{"through env", nil, []string{"/usr/bin/env", "bash", "-c", node}, "CMD"},
		{"merged /usr shell", nil, []string{"/usr/bin/sh", "-c", node}, "CMD"},
		{"shell as ENTRYPOINT, script as CMD", []string{"/bin/sh", "-c"}, []string{node}, "ENTRYPOINT"},
		{"ENTRYPOINT in shell form", []string{"/bin/sh", "-c", node}, []string{"--port", "80"},
			"ENTRYPOINT"},
		{"init first, shell CMD", []string{"tini", "--"}, []string{"/bin/sh", "-c", node}, ""},
		{"a script file", nil, []string{"/bin/sh", "/app/start.sh"}, ""},
		{"an interactive shell", nil, []string{"/bin/bash"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := v1.Config{User: "1000", Entrypoint: tt.entrypoint, Cmd: tt.cmd}
			fs := of(auditLayers(t, cfg, step("ADD rootfs /", file("etc/passwd", passwd))),
				"entrypoint-shell-form")
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("fired: %s", fs[0].Message)
			case tt.want != "" && len(fs) != 1:
				t.Errorf("%d findings, want one naming %s", len(fs), tt.want)
			case tt.want != "" && !strings.HasPrefix(fs[0].Message, tt.want+" runs through"):
				t.Errorf("message %q, want it to name %s", fs[0].Message, tt.want)
			}
		})
	}
}
