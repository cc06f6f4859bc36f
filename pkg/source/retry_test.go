package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

func TestRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"cut short", io.ErrUnexpectedEOF, true},
		{"refused", syscall.ECONNREFUSED, true},
		{"500", &transport.Error{StatusCode: 500}, true},
		{"429", &transport.Error{StatusCode: 429}, true},
		{"404", &transport.Error{StatusCode: 404}, false},
		{"401", &transport.Error{StatusCode: 401}, false},
		{"cancelled", fmt.Errorf("get: %w", context.Canceled), false},
		{"timed out", context.DeadlineExceeded, false},
		{"other", errors.New("digest mismatch"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryable(tt.err); got != tt.want {
				t.Errorf("retryable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestAskedWait(t *testing.T) {
	soon := time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name   string
		status int
		header string
		want   time.Duration // -1 for no wait
	}{
		{"429 seconds", 429, "2", 2 * time.Second},
		{"503 seconds", 503, "0", 0},
		{"429 date", 429, soon, 30 * time.Second},
		{"429 without header", 429, "", -1},
		{"429 asking too much", 429, "3600", -1},
		{"429 garbage", 429, "soon", -1},
		{"500 with header", 500, "1", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
			if tt.header != "" {
				resp.Header.Set("Retry-After", tt.header)
			}
			got, ok := askedWait(resp)
			switch {
			case tt.want < 0 && ok:
				t.Errorf("askedWait = %v, want no wait", got)
			case tt.want >= 0 && !ok:
				t.Errorf("askedWait gave no wait, want %v", tt.want)
			case ok && (got < tt.want-2*time.Second || got > tt.want):
				t.Errorf("askedWait = %v, want %v", got, tt.want)
			}
		})
	}
}
