package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stopLimit is how soon after a signal imgaudit must have exited. imgaudit
// aims at well under a second; the limit is looser so that a loaded,
// shared test machine does not fail the test, while a run that ignores the
// signal, which would go on for the whole slow read, still does.
const stopLimit = 5 * time.Second

// TestSignalsStopTheAudit interrupts the binary while it reads a slow
// source and wants it gone promptly, with exit status 130 and nothing left
// in TMPDIR: no daemon export, no half-written file.
func TestSignalsStopTheAudit(t *testing.T) {
	bin := buildTool(t, ".")
	host := startSlowRegistry(t)
	daemon := startSlowDaemon(t)

	tests := []struct {
		name   string
		sig    syscall.Signal
		env    []string
		source string
		// spools is set when the source is copied to TMPDIR as it is read.
		spools bool
	}{
		{"SIGINT while a registry trickles a layer", syscall.SIGINT, nil,
			"registry:" + host + "/app:1", false},
		{"SIGTERM while a registry trickles a layer", syscall.SIGTERM, nil,
			"registry:" + host + "/app:1", false},
		{"SIGINT while the daemon exports", syscall.SIGINT, []string{"DOCKER_HOST=" + daemon},
			"docker:app:1", true},
		{"SIGTERM while the daemon exports", syscall.SIGTERM,
			[]string{"DOCKER_HOST=" + daemon}, "docker:app:1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp, work := t.TempDir(), t.TempDir()
			cmd := exec.Command(bin, "--format", "json", tt.source)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), append([]string{"TMPDIR=" + tmp}, tt.env...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()

			// Let the audit get well into the slow read first.
			select {
			case err := <-done:
				t.Fatalf("imgaudit ended before the signal: %v\n%s", err, &stderr)
			case <-time.After(1500 * time.Millisecond):
			}
			if left, _ := os.ReadDir(tmp); tt.spools && len(left) == 0 {
				t.Error("TMPDIR is empty during the export; the test no longer tests its removal")
			}
			sent := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}

			var err error
			select {
			case err = <-done:
			case <-time.After(10 * stopLimit):
				cmd.Process.Kill()
				t.Fatalf("imgaudit still runs %v after %v; stderr:\n%s", 10*stopLimit, tt.sig, &stderr)
			}
			took := time.Since(sent)

			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 130 {
				t.Errorf("ended with %v, want exit status 130; stderr:\n%s", err, &stderr)
			}
			if took > stopLimit {
				t.Errorf("took %v to stop after %v, want under %v", took, tt.sig, stopLimit)
			}
			if strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("stderr has more than one line:\n%s", &stderr)
			}
			assertEmpty(t, "TMPDIR", tmp)
			assertEmpty(t, "the working folder", work)
		})
	}
}
