package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// waiter is a command tree whose commands wait for their context and
// report whether it had a deadline.
func waiter(hadDeadline *bool) *cobra.Command {
	wait := func(cmd *cobra.Command, _ []string) error {
		_, *hadDeadline = cmd.Context().Deadline()
		if !*hadDeadline {
			return nil
		}
		<-cmd.Context().Done()
		return cmd.Context().Err()
	}
	root := &cobra.Command{Use: "root", RunE: wait, SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(&cobra.Command{Use: "sub", RunE: wait})
	addTimeout(root)
	return root
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		deadline bool
		want     string // in the error; "" for none
		// interrupt cancels the parent context, as Ctrl-C does, before
		// the ten-minute default passes.
		interrupt bool
	}{
		{"default, interrupted", nil, true, "", true},
		{"given", []string{"--timeout", "50ms"}, true, "gave up after --timeout 50ms", false},
		{"subcommand", []string{"sub", "--timeout", "50ms"}, true,
			"gave up after --timeout 50ms", false},
		{"off", []string{"--timeout", "0"}, false, "", false},
		{"negative", []string{"--timeout", "-1s"}, false, "want a duration of 0 or more", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var had bool
			root := waiter(&had)
			root.SetArgs(tt.args)
			ctx, cancel := context.WithCancel(t.Context())
			if tt.interrupt {
				time.AfterFunc(50*time.Millisecond, cancel)
			}
			defer cancel()

			err := root.ExecuteContext(ctx)
			if had != tt.deadline {
				t.Errorf("context had a deadline: %v, want %v", had, tt.deadline)
			}
			switch {
			case tt.interrupt:
				if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "gave up") {
					t.Errorf("error = %v, want the cancellation, not a timeout", err)
				}
			case tt.want == "" && err != nil:
				t.Errorf("error = %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want one saying %q", err, tt.want)
			}
		})
	}
}
