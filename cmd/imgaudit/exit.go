package main

import (
	"context"
	"errors"
	"strings"
)

// Exit codes, the same for every command.
const (
	exitOK          = 0   // audited, and the gate passed
	exitGate        = 1   // audited, and a finding is at or above the threshold
	exitError       = 2   // could not audit: usage, input or network
	exitInterrupted = 130 // stopped by SIGINT or SIGTERM
)

// errGate says that the audit ran and the gate failed; the report has said
// why, so main prints nothing more.
var errGate = errors.New("the gate failed")

// exitCode is the one mapping from what a command returned to the process's
// exit status.
func exitCode(ctx context.Context, err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errGate):
		return exitGate
	case ctx.Err() != nil:
		return exitInterrupted
	default:
		return exitError
	}
}

// oneLine folds an error onto one line, since the error line is the only
// thing a failed run prints.
func oneLine(err error) string {
	if err == nil {
		return "interrupted"
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}
