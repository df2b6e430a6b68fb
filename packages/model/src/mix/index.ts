export * from "./effects";
export {
  MASTER_STRIP_ID,
  STRIP_FIELDS,
  BUS_FIELDS,
  INSERT_FIELDS,
  SEND_FIELDS,
  LANE_FIELDS,
  SEGMENT_SHAPES,
  laneKey,
  type StoredPoint,
  type SegmentShape,
} from "./fields";
export {
  readMix,
  listBuses,
  readMasterStrip,
  readInsert,
  readInsertById,
  readStripInserts,
  readStripLevels,
  stripById,
  targetRange,
  type MixState,
  type Strip,
  type StripKind,
  type StripMix,
  type Insert,
  type Send,
  type Breakpoint,
  type AutomationLane,
} from "./read";
export { resolveRouting, loopThrough, type RoutingEdge } from "./routing";
export {
  setStripVolume,
  setStripPan,
  setStripMute,
  setStripTrim,
  setStripPhase,
  setStripOutput,
  setBusSoloSafe,
  addBus,
  renameBus,
  deleteBus,
  type AddBusInit,
} from "./strips";
export {
  addInsert,
  moveInsert,
  setInsertBypass,
  removeInsert,
  setInsertParam,
  applyInsertPreset,
  setInsertSidechain,
  type AddInsertInit,
} from "./inserts";
export { addSend, setSendLevel, setSendPre, removeSend, type AddSendInit } from "./sends";
export {
  ensureAutomationLane,
  setAutomationLaneEnabled,
  removeAutomationLane,
  addAutomationPoint,
  updateAutomationPoints,
  deleteAutomationPoints,
  getAutomationLane,
  type PointInit,
} from "./automation";
export { compareMixes, diffMixStates } from "./compare";
export { observeMix, type MixChange } from "./observe";
