package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// measure is what one audit cost: the best wall time over the runs and the
// highest peak resident memory any run reached.
type measure struct {
	wall   time.Duration
	maxRSS int64 // bytes
}

// audit runs bin on src once to warm up and then runs times, and returns
// the best wall time and the highest peak RSS of the timed runs.
func audit(bin, src string, runs int) (measure, error) {
	var m measure
	for i := range runs + 1 {
		wall, rss, err := auditOnce(bin, src)
		if err != nil {
			return measure{}, err
		}
		if i == 0 {
			continue
		}
		if m.wall == 0 || wall < m.wall {
			m.wall = wall
		}
		m.maxRSS = max(m.maxRSS, rss)
	}
	return m, nil
}

// auditOnce runs one audit with the report thrown away. Exit status 1 only
// says a finding passed the gate; anything else is a failure.
func auditOnce(bin, src string) (time.Duration, int64, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--format", "json", src)
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr

	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)

	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("auditing %q: %w: %s", src, err, strings.TrimSpace(stderr.String()))
	}

	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, errors.New("reading resource usage: not available here")
	}
	return wall, ru.Maxrss << 10, nil // Linux reports kilobytes
}

// best runs f once to warm up and then runs times, and returns the
// shortest time and the count of the last run.
func best(runs int, f func() (time.Duration, int64, error)) (time.Duration, int64, error) {
	var min time.Duration
	var n int64
	for i := range runs + 1 {
		d, c, err := f()
		if err != nil {
			return 0, 0, err
		}
		n = c
		if i > 0 && (min == 0 || d < min) {
			min = d
		}
	}
	return min, n, nil
}

// warm reads every file once so that the timed runs find them in the page
// cache, as they would after a pull or a save.
func warm(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("reading %q: %w", p, err)
		}
	}
	return nil
}
