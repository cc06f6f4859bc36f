package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"
)

// streams are where a command reads and writes, and what kind of terminal,
// if any, stdout is. Tests swap in buffers.
type streams struct {
	Out    io.Writer
	ErrOut io.Writer
	// TTY is true when stdout is a terminal: tables are boxed and sizes
	// rounded for a person; otherwise output is plain and exact.
	TTY bool
	// Color is true when stdout is a terminal and NO_COLOR is not set.
	Color bool
	// Width is the terminal's width in columns, 0 when unknown.
	Width int
}

func systemStreams() *streams {
	s := &streams{Out: os.Stdout, ErrOut: os.Stderr}
	fd := os.Stdout.Fd()
	s.TTY = isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
	_, noColor := os.LookupEnv("NO_COLOR")
	s.Color = s.TTY && !noColor
	if s.TTY {
		s.Width, _, _ = term.GetSize(int(fd))
	}
	return s
}
