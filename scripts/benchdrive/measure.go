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

// measure is what one audit cost: the best wall time over the runs, the
// processor time of that run, and the highest peak resident memory any run
// reached.
type measure struct {
	wall   time.Duration
	cpu    time.Duration
	maxRSS int64 // bytes
}

// audit runs bin on src once to warm up and then runs times, and returns
// the best wall time and the highest peak RSS of the timed runs.
func audit(bin, src string, runs int) (measure, error) {
	var m measure
	for i := range runs + 1 {
		run, err := auditOnce(bin, src)
		if err != nil {
			return measure{}, err
		}
		if i == 0 {
			continue
		}
		if m.wall == 0 || run.wall < m.wall {
			m.wall, m.cpu = run.wall, run.cpu
		}
		m.maxRSS = max(m.maxRSS, run.maxRSS)
	}
	return m, nil
}

// auditOnce runs one audit with the report thrown away. Exit status 1 only
// says a finding passed the gate; anything else is a failure.
func auditOnce(bin, src string) (measure, error) {
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
		return measure{}, fmt.Errorf("auditing %q: %w: %s", src, err,
			strings.TrimSpace(stderr.String()))
	}

	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return measure{}, errors.New("reading resource usage: not available here")
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return measure{wall: wall, cpu: cpu, maxRSS: ru.Maxrss << 10}, nil // Linux says KiB
}

// processCPU is the processor time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// best runs f once to warm up and then runs times, and returns the
// shortest time, the processor time of that run and the count f returned.
func best(runs int, f func() (time.Duration, int64, error)) (measure, int64, error) {
	var m measure
	var n int64
	for i := range runs + 1 {
		start := processCPU()
		d, c, err := f()
		if err != nil {
			return measure{}, 0, err
		}
		n = c
		if i > 0 && (m.wall == 0 || d < m.wall) {
			m.wall, m.cpu = d, processCPU()-start
		}
	}
	return m, n, nil
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
