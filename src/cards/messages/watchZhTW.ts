import type { WatchMessages } from './watchTypes';

export const watchZhTW: WatchMessages = {
  commands: {
    watch: (targets) => `追蹤 ${targets.join('、')}`,
    unwatch: (targets) => `取消追蹤 ${targets.join('、')}`,
    watching: '追蹤清單',
  },
  watchButton: '追蹤',
  stopWatchingButton: '取消追蹤',
  listButton: '追蹤清單',
  setTitle: '追蹤中',
  customerState: (customer, state) => `${customer}：${state}`,
  newlyWatched: (interval, days) =>
    `資格或審核狀態一有變更，我就會在這裡通知。每 ${interval}檢查一次；審核結果為「已核准」或「已拒絕」時，或 ${days}後，追蹤即結束。`,
  alreadyWatched: (customer) => `這個對話已在追蹤 ${customer}。`,
  memoryOnly: '追蹤只保存在這個 Bot 的記憶體中（STATE_STORAGE=memory）：Bot 重新啟動後就會遺失。',
  conversationLimit: (limit) => `這個對話已追蹤 ${limit} 位客戶，已達上限。請先取消一項（傳送「追蹤清單」）。`,
  totalLimit: (limit) => `Bot 目前共追蹤 ${limit} 位客戶，已達上限。請洽詢管理員，或先取消一項追蹤。`,
  domainNotOne: (domain) => `${domain} 並非剛好屬於一位客戶的網域：請改用租用戶識別碼追蹤。`,
  lookupFailed: (customer) => `無法查詢 ${customer} 以進行追蹤。請稍後再試。`,
  watchWhat: '請指定要追蹤的客戶：追蹤 {customer-tenant-id} 或 追蹤 {domain}，多位客戶請以空格分隔。',
  unwatchWhat: '請指定要取消追蹤的客戶：取消追蹤 {customer-tenant-id}，或傳送「追蹤清單」查看清單。',
  stopped: (customers) => `已取消追蹤 ${customers}。`,
  notWatched: (customers) => `這個對話並未追蹤：${customers}。`,
  listTitle: '這個對話追蹤的客戶',
  listEmpty: '這裡沒有追蹤任何客戶。傳送「追蹤 {customer-tenant-id}」，客戶的審核狀態變更時就會通知您。',
  lastChecked: (when) => `上次檢查：${when}`,
  neverChecked: '尚未檢查',
  waitingForSignIn: '等待重新登入',
  changeTitle: '資格已變更',
  added: (qualification, state) => `${qualification}：新增，${state}`,
  removed: (qualification, state) => `${qualification}：已移除（原為 ${state}）`,
  changed: (qualification, from, to) => `${qualification}：${from} → ${to}`,
  seenAt: (when) => `發現時間：${when}`,
  ended: '審核已結束，這項追蹤也隨之結束。若要繼續追蹤，請再傳送「追蹤」。',
  continues: '仍在追蹤中。',
  expired: (customer, days) =>
    `${customer} 的追蹤已結束：每項追蹤保留 ${days}。若要再次追蹤，請傳送「追蹤」加上租用戶識別碼。`,
  signInAgain: (customer, command) =>
    `您的合作夥伴中心登入已失效，${customer} 的追蹤正在等待。請重新登入（傳送「${command}」），追蹤就會繼續。`,
  storeUnavailable: (correlationId) => `無法連線到保存追蹤的儲存體。請稍後再試（相互關聯識別碼：${correlationId}）。`,
  notInCopilot: (exampleCommand) =>
    '追蹤功能可在 Teams 聊天和頻道中使用，無法在 Microsoft 365 Copilot 中使用：Copilot 無法顯示我之後傳送的訊息。' +
    '請在 Microsoft Teams 中開啟與「資格查詢」的聊天（應用程式 > 資格查詢），或在已新增此應用程式的群組聊天或頻道中' +
    `@提及「資格查詢」，然後在那裡傳送 ${exampleCommand}。`,
  every: (seconds) =>
    seconds % 3600 === 0 ? `${seconds / 3600} 小時` : seconds % 60 === 0 ? `${seconds / 60} 分鐘` : `${seconds} 秒`,
  days: (days) => (days >= 1 ? `${Math.round(days)} 天` : `${Math.max(1, Math.round(days * 24 * 60))} 分鐘`),
  noQualification: '沒有資格',
};
