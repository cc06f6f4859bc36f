package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// writeReport runs write into stdout, or, when name is set, into a
// temporary file beside name that replaces it only once the whole report is
// written: a failed run leaves neither a partial report nor the temporary
// file behind.
func writeReport(ios *streams, name string, write func(io.Writer) error) error {
	if name == "" {
		if err := write(ios.Out); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		return nil
	}

	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing the report to %q: %w", name, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	buf := bufio.NewWriter(tmp)
	if err := write(buf); err != nil {
		return fmt.Errorf("writing the report to %q: %w", name, err)
	}
	if err := buf.Flush(); err != nil {
		return fmt.Errorf("writing the report to %q: %w", name, err)
	}
	// CreateTemp makes the file private; a report is as readable as any
	// file the user writes.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing the report to %q: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the report to %q: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing the report to %q: %w", name, err)
	}
	done = true
	return nil
}

// summary is the line printed on stderr when the report went to a file.
func summary(res *result.Result, name string) string {
	s := fmt.Sprintf("imgaudit: report written to %s: %d findings", name, len(res.Findings))
	g := res.Gate
	if g == nil {
		return s
	}
	s += fmt.Sprintf(", %d waived", g.Waived)
	switch {
	case g.FailOn == "none":
		return s + "; gate off"
	case g.Passed:
		return s + fmt.Sprintf("; gate passed at %s", g.FailOn)
	}
	return s + fmt.Sprintf("; gate failed at %s: %d blocking", g.FailOn, g.Blocking)
}
