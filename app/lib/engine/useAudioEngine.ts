"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import type { SessionConnection } from "../collab/SessionConnection";
import { exposeDiagnostics } from "./diagnostics";
import { TransportController, type TransportState } from "./TransportController";

/**
 * The studio page's one transport + AudioEngine. The engine itself is created lazily by the first Play
 * (`controller.play()` / `ensureEngine()` from a click or key press) and disposed when the page unmounts.
 */
export function useAudioEngine(connection: SessionConnection, onError: (message: string) => void): TransportController {
  const [controller] = useState(() => new TransportController(connection, onError));
  useEffect(() => {
    controller.attach();
    const unexpose = exposeDiagnostics(controller);
    return () => {
      unexpose();
      controller.detach();
    };
  }, [controller]);
  return controller;
}

/** Play state and per-person transport settings (re-renders on play/pause and setting changes only). */
export function useTransportState(controller: TransportController): TransportState {
  return useSyncExternalStore(controller.state.subscribe, controller.state.get, controller.state.get);
}

/** The engine once it exists (re-renders when it is created). */
export function useEngineInstance(controller: TransportController) {
  const state = useTransportState(controller);
  return state.engine === "ready" ? controller.getEngine() : null;
}
