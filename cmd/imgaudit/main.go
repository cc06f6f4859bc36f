// Command imgaudit audits a built container image: who it runs as, whether
// it has a health check, what caches, compilers and secrets it ships, and
// which paths make each layer big.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCmd(systemStreams()).ExecuteContext(ctx)
	// Read the context before stop, which cancels it.
	code := exitCode(ctx, err)
	stop()

	if code != exitOK && code != exitGate {
		fmt.Fprintf(os.Stderr, "imgaudit: %s\n", oneLine(err))
	}
	os.Exit(code)
}
