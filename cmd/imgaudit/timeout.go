package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

// defaultTimeout is how long a command may run before it gives up: long
// enough to pull an image of several gigabytes over an ordinary link,
// short enough that a registry that stops answering does not hold a
// pipeline for its whole time limit.
const defaultTimeout = 10 * time.Minute

// addTimeout gives root and its commands a shared --timeout flag, and
// makes each command's context give up once it has passed.
func addTimeout(root *cobra.Command) {
	d := new(time.Duration)
	root.PersistentFlags().DurationVar(d, "timeout", defaultTimeout,
		"give up after this long, such as 90s or 5m; 0 waits for ever")
	limit(root, d)
	for _, c := range root.Commands() {
		limit(c, d)
	}
}

// limit runs c's RunE under a context that ends after *d, and says so
// in the error when that is why the command failed.
func limit(c *cobra.Command, d *time.Duration) {
	run := c.RunE
	if run == nil {
		return
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if *d < 0 {
			return fmt.Errorf("--timeout: want a duration of 0 or more, not %v", *d)
		}
		if *d == 0 {
			return run(cmd, args)
		}

		parent := cmd.Context()
		ctx, cancel := context.WithTimeout(parent, *d)
		defer cancel()
		cmd.SetContext(ctx)

		err := run(cmd, args)
		if err != nil && parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("gave up after --timeout %v: %w", *d, err)
		}
		return err
	}
}
