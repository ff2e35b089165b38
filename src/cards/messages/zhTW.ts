/**
 * Traditional Chinese (Taiwan). Product and feature names stay in English as Microsoft's own
 * Taiwanese pages write them (Partner Center, Microsoft Entra ID, GDAP, MFA, Teams, the Partner
 * Center role names); `{customer-tenant-id}` stays as the placeholder. Commands are the Chinese
 * words src/conversation/commandParser.ts accepts: 資格 …, 說明, 登出.
 */
import type { Messages } from './types';
import { searchZhTW } from './searchZhTW';
import { watchZhTW } from './watchZhTW';

const retryIn = (seconds: number | undefined): string =>
  seconds === undefined ? '請過一分鐘後再試一次。' : `請在 ${seconds} 秒後再試一次。`;

const TRY_AGAIN_OR_TELL_ADMIN = '請再試一次。如果問題持續發生，請通知 Bot 的系統管理員，並提供下方的相互關聯識別碼。';
const FALLBACK = '輸入「資格 {customer-tenant-id}」查詢客戶的 Partner Center 資格，或輸入「說明」查看所有指令。';

export const zhTW: Messages = {
  locale: 'zh-TW',
  demoLabel: '示範資料 — 並非來自 Partner Center',
  watch: watchZhTW,
  search: searchZhTW,

  result: {
    title: 'Partner Center 資格',
    customerLabel: '客戶租用戶識別碼',
    empty: '沒有資格記錄 (None)',
    emptyDetail: 'Partner Center 未列出此客戶有教育、政府社群雲端、國營事業或非營利組織資格。',
    reason: (reason) => `原因：${reason}`,
    sentAs: (value) => `Partner Center 傳送的原始值：${value}`,
    statusAsSent: (status) => `Partner Center 提供的狀態：${status}`,
    vettingDate: (date) => `審查日期：${date}`,
    fetched: (when) => `查詢時間：${when}`,
    correlationId: (id) => `相互關聯識別碼：${id}`,
    fallback: (customerId, summary) => `${customerId} 的 Partner Center 資格：${summary}`,
    companyUnavailable: '無法取得公司名稱',
    openInPartnerCenter: '在 Partner Center 中開啟',
    openInRealPartnerCenter: '在 Partner Center 中開啟（實際的儀表板）',
    refresh: '重新整理',
    details: '詳細資料',
    noVettingNeeded: '不需審查',
    noVettingStatus: '未提供審查狀態',
  },

  commands: {
    qualification: (targets) => `資格 ${targets.join('、')}`,
    help: '說明',
    signOut: '登出',
  },

  summary: {
    titleInProgress: '正在查詢資格…',
    title: 'Partner Center 資格查詢結果',
    progress: (done, total) => `已完成 ${done} / ${total} 位客戶`,
    complete: (total, failed) =>
      failed === 0 ? `共 ${total} 位客戶` : `共 ${total} 位客戶，其中 ${failed} 位無法查詢`,
    pending: '查詢中…',
    checkAgain: '重新查詢',
    tryAgain: '再試一次',
  },

  domain: {
    choiceTitle: (domain) => `有多位客戶使用 ${domain}`,
    choiceBody: '請選擇要查詢的客戶：',
    check: '查詢',
    more: (count) => `…還有 ${count} 位。請改用客戶租用戶識別碼查詢。`,
    notFoundTitle: '找不到使用此網域的客戶',
    notFoundBody: (domain) => `您在 Partner Center 的客戶中，沒有網域為 ${domain} 的客戶。`,
    didYouMean: '您要找的是不是：',
    notFoundNext:
      '請檢查拼字，或改用客戶租用戶識別碼查詢：資格 {customer-tenant-id}。網域必須與客戶的網域完全相同，例如 contoso.onmicrosoft.com。',
    notFoundIncompleteTitle: '在已搜尋的客戶中找不到',
    notFoundIncompleteBody: (domain) => `在我搜尋過的客戶中，沒有網域為 ${domain} 的客戶，但我無法搜尋所有客戶。`,
    incomplete: '您的客戶比這次搜尋的範圍更多，未搜尋到的客戶可能使用此網域。若要確認，請改用客戶租用戶識別碼查詢。',
    incompletePageFailed:
      'Partner Center 在搜尋途中停止回應，未傳回的客戶可能使用此網域。請再試一次，或改用客戶租用戶識別碼查詢以確認。',
  },

  tooMany: {
    title: '一則訊息中的客戶太多了',
    body: (count, limit) => `您要查詢 ${count} 位客戶，但一次最多只能查詢 ${limit} 位。請分成幾則訊息傳送。`,
  },

  welcome: {
    title: '查詢客戶的 Partner Center 資格',
    intro:
      '傳送客戶租用戶識別碼給我，我會告訴您 Partner Center 記錄的客戶資格（教育、政府社群雲端、國營事業、非營利組織或無）及審查狀態。您也可以一次查詢多位客戶，或提供客戶的網域。',
    examplesHeading: '試試看：',
    signIn: '第一次查詢時，我會請您用工作帳戶登入：您能看到哪些客戶，取決於您自己的 Partner Center 角色。',
    helpHint: '隨時輸入「說明」即可查看所有指令。',
    fallback: FALLBACK,
  },

  qualifications: {
    Education: '教育',
    GovernmentCommunityCloud: '政府社群雲端 (GCC)',
    StateOwnedEntity: '國營事業',
    Nonprofit: '非營利組織',
    None: '無',
  },

  turnError: (correlationId) =>
    `抱歉，我們這邊發生問題，請再試一次。如果問題持續發生，請將此相互關聯識別碼提供給您的系統管理員：${correlationId}`,

  access: {
    tenantNotAllowed: (correlationId) =>
      `抱歉，您的組織無法使用此 Bot。如果您認為應該可以使用，請洽詢 Bot 的系統管理員，並提供此相互關聯識別碼：${correlationId}`,
    slowDown: (seconds) => `您傳送訊息的速度比我回覆的速度還快。請放慢速度，${seconds} 秒後再試一次。`,
  },

  statuses: {
    approved: '已核准',
    inReview: '審查中',
    denied: '已拒絕',
    other: '其他狀態',
  },

  errors: {
    partnerCenter: {
      notFound: {
        title: '此租用戶不是您的客戶',
        next: () =>
          '您的 Partner Center 帳戶中沒有此租用戶識別碼的客戶。請在 Partner Center 中確認識別碼（客戶 > 該客戶 > 帳戶 > Microsoft ID）。',
      },
      notAnswered: {
        title: 'Partner Center 無法回應此要求',
        next: () =>
          'Partner Center 回應「找不到」，但沒有表示它沒有此客戶，因此這並不表示此客戶不是您的客戶。請稍後再試一次。如果問題持續發生，請通知 Bot 的系統管理員，並提供下方的相互關聯識別碼。',
      },
      forbidden: {
        title: '您在 Partner Center 中沒有此客戶的存取權',
        next: () =>
          '您的客戶關係、Partner Center 角色或 GDAP 角色不允許讀取此客戶。請洽詢您的 Partner Center 系統管理員檢查這些設定。',
      },
      unauthorized: {
        title: 'Partner Center 拒絕了 Bot 的認證資訊',
        next: () => '請洽詢設定此 Bot 的系統管理員，檢查 Bot 的 Partner Center 認證資訊。',
      },
      throttled: {
        title: 'Partner Center 忙碌中',
        next: ({ retryAfterSeconds }) => retryIn(retryAfterSeconds),
      },
      unavailable: {
        title: 'Partner Center 目前無法使用',
        next: () => '請過幾分鐘後再試一次。',
      },
      timeout: {
        title: 'Partner Center 未及時回應',
        next: () => '請再試一次。',
      },
      malformedResponse: {
        title: 'Partner Center 傳回了 Bot 無法讀取的回應',
        next: () => TRY_AGAIN_OR_TELL_ADMIN,
      },
      badRequest: {
        title: 'Partner Center 拒絕了此要求',
        next: ({ description }) =>
          description
            ? `Partner Center 表示：${description}。請檢查客戶租用戶識別碼後再試一次。`
            : '請檢查客戶租用戶識別碼後再試一次。',
      },
      unexpected: {
        title: '發生錯誤',
        next: () => TRY_AGAIN_OR_TELL_ADMIN,
      },
    },
    signIn: {
      title: 'Bot 無法登入 Partner Center',
      next: {
        invalidCredentials: '請 Bot 的系統管理員檢查 Bot 的用戶端識別碼和用戶端密碼；密碼可能已過期。',
        invalidTenant: '請 Bot 的系統管理員檢查 Bot 設定中的 PARTNER_CENTER_TENANT_ID。',
        unreachable: '無法連線到 Microsoft Entra ID。請過幾分鐘後再試一次；如果問題持續發生，請通知 Bot 的系統管理員。',
        unknown: '請 Bot 的系統管理員檢查 Bot 的 Partner Center 登入設定。',
        consentRequired: '貴組織的系統管理員必須同意此應用程式的 Partner Center 權限（Access Partner Center API）。',
        mfaRequired: '請先登出，再重新登入並完成多重要素驗證 (MFA)。',
        signInExpired: '您的登入已過期或已被撤銷，請重新登入。',
      },
    },
    user: {
      consentRequired: {
        title: '此應用程式尚未獲准存取 Partner Center',
        next: () =>
          '貴組織的系統管理員必須為此應用程式的 Partner Center 權限（Access Partner Center API）授與同意，只需一次。請將下方按鈕的連結傳給系統管理員。',
      },
      mfaRequired: {
        title: 'Partner Center 要求多重要素驗證',
        next: () => '您這次登入時沒有使用多重要素驗證 (MFA)。請先登出，再重新登入並完成 MFA 驗證。',
      },
      unauthorized: {
        title: 'Partner Center 不接受您的登入',
        next: () =>
          '只有在您登入時使用了多重要素驗證 (MFA)，Partner Center 才會回應以您的身分提出的要求。請先登出，再重新登入並完成 MFA 驗證。',
      },
      forbidden: {
        title: '您在 Partner Center 中沒有此客戶的存取權',
        next: () =>
          '您的 Partner Center 角色，或貴組織與此客戶之間的 GDAP 關係，不允許讀取此客戶。請洽詢您的 Partner Center 系統管理員，檢查您的角色（例如 Admin agent、Sales ' +
          'agent 或 Helpdesk agent）和客戶關係。',
      },
      grantConsentAction: '開啟系統管理員同意頁面',
      signOutAction: '登出',
    },
    legacyEndpoint:
      'Bot 使用的是 Partner Center 較舊的資格端點 (PARTNER_CENTER_API=qualification)，Microsoft 已宣布將停用此端點，因此它可能已無法使用。請 Bot ' +
      '的系統管理員將 PARTNER_CENTER_API 設為 qualifications（目前的端點），然後重新啟動 Bot。',
    search: {
      notAnswered: {
        title: 'Partner Center 無法回應此搜尋',
        next: () =>
          'Partner Center 對此網域的搜尋回應「找不到」，這無法說明您的客戶中是否有人使用此網域。請稍後再試一次，或改用客戶租用戶識別碼查詢：資格 {customer-tenant-id}。',
      },
      forbidden: {
        title: 'Partner Center 不允許搜尋您的客戶',
        next: () =>
          '目前使用的 Partner Center 角色不允許列出客戶。請改用客戶租用戶識別碼查詢（資格 {customer-tenant-id}），或請您的 Partner Center 系統管理員檢查角色。',
      },
      badRequest: {
        title: 'Partner Center 拒絕了此搜尋',
        next: () => '請檢查網域後再試一次。',
      },
    },
    domainLabel: '網域',
    generic: {
      title: '我們這邊發生問題',
      next: TRY_AGAIN_OR_TELL_ADMIN,
    },
    customerLabel: '客戶租用戶識別碼',
    correlationId: (id) => `相互關聯識別碼：${id}`,
    partnerCenterCode: (code, description) =>
      code !== undefined && description !== undefined
        ? `Partner Center 錯誤 ${code}：${description}`
        : code !== undefined
          ? `Partner Center 錯誤 ${code}`
          : `Partner Center 表示：${description ?? ''}`,
    httpStatus: (status) => `HTTP 狀態碼 ${status}`,
    aadCode: (code) => `Entra ID 錯誤 ${code}`,
    fallback: (title, next) => `${title}。${next}`,
  },

  signIn: {
    cardText: '請使用您的工作帳戶登入 Partner Center。',
    cardButton: '登入',
    prompt:
      '請先登入：我會以您的身分查詢資格，因此您能看到的內容取決於您自己的 Partner Center 角色。登入後，我會立即回覆您的要求。',
    codeNotAccepted: '此驗證碼未被接受。請傳送登入後顯示的 6 位數驗證碼，或再次選取「登入」。',
    didNotComplete: '登入未完成。請重新傳送您的要求，以取得新的登入卡片。',
    signedInNothingPending: (exampleCommand) => `您已登入。請重新傳送您的要求，例如：${exampleCommand}`,
    noSignInWaiting: '這看起來像登入驗證碼，但目前沒有等待中的登入。請重新傳送您的要求，以取得登入卡片。',
    expired: '您的 Partner Center 登入已過期或已被撤銷，請重新登入。',
    signedOut: '您已登出。下次查詢資格時，我會請您重新登入。',
    signOutNotNeeded: '不需要登出：此 Bot 不會要求您登入（它使用自己的 Partner Center 存取權）。',
    serviceUnavailable: (correlationId) =>
      `登入服務沒有回應。請過一分鐘後再試一次。如果問題持續發生，請將此相互關聯識別碼提供給您的系統管理員：${correlationId}`,
    stateUnavailable: (correlationId) =>
      `我無法連線到保存登入狀態的儲存體，因此您的登入未能開始或完成。請過一分鐘後重新傳送您的要求。如果問題持續發生，請將此相互關聯識別碼提供給您的系統管理員：${correlationId}`,
    ssoFailed: (code) => `Teams 無法自動為您登入 (${code})。請選取卡片上的「登入」，使用您的工作帳戶登入。`,
    ssoMisconfigured:
      'Teams 無法自動為您登入，因為應用程式的單一登入 (SSO) 設定與 Bot 的登入連線不符。請改為選取卡片上的「登入」，並通知 Bot 的系統管理員（請參閱 Bot 文件的「Going live」：Token Exchange URL 必須是 api://botid-{app id}）。',
    signInInTeams: (exampleCommand) =>
      '您需要先登入 Partner Center，但 Microsoft 365 Copilot 無法顯示登入畫面。請在 Microsoft Teams 中開啟與「資格查詢」的' +
      `聊天（應用程式 > 資格查詢），在那裡傳送一個要求，例如 ${exampleCommand}，並在我要求時登入。之後請回到這裡重新傳送您的` +
      '要求：您會保持登入狀態。',
  },

  invalidInput: {
    title: '這看起來不像客戶租用戶識別碼',
    body:
      '請輸入「資格 {customer-tenant-id}」，其中客戶租用戶識別碼是 GUID，也就是客戶在 Partner Center 中的 Microsoft ID（客戶 > 該客戶 > ' +
      '帳戶）。您可以列出多個租用戶識別碼，或單獨提供一個網域。',
    example: (exampleCommand) => `例如：${exampleCommand}`,
    youTyped: (input) => `您輸入的是：「${input}」`,
    nothingTyped: '您沒有輸入客戶租用戶識別碼。',
    notIds: () => '以下不是客戶租用戶識別碼：',
    andMore: (count) => `…還有 ${count} 項。`,
  },

  help: {
    title: 'Partner Center 資格',
    intro:
      '我會查詢 Partner Center 記錄的客戶資格（教育、政府社群雲端、國營事業、非營利組織或無），以及審查狀態、原因和日期。',
    commandHeading: '查詢一位客戶',
    command: '資格 {customer-tenant-id}',
    exampleCommand: (customerId) => `資格 ${customerId}`,
    severalHeading: '一次查詢多位客戶',
    severalCommand: '資格 {customer-tenant-id}、{customer-tenant-id}、…',
    severalNote: (limit) => `一則訊息最多 ${limit} 個租用戶識別碼，以空格、逗號或頓號分隔。`,
    domainHeading: '依網域查詢',
    domainCommand: '資格 {domain}',
    domainNote: '客戶的完整網域，例如 contoso.onmicrosoft.com。',
    tryExample: '試試看',
    findIdHeading: '客戶租用戶識別碼在哪裡',
    findId: '在 Partner Center 中：客戶 > 選取客戶 > 帳戶 > Microsoft ID。',
    otherCommandsHeading: '其他指令',
    helpCommand: '說明 — 顯示此卡片',
    signOutCommand: '登出 — 清除您的 Partner Center 登入',
    watchCommands: [
      '追蹤 {客戶租用戶識別碼或網域} — 資格或審核狀態變更時在此聊天通知',
      '取消追蹤 {客戶租用戶識別碼或網域} — 停止通知',
      '追蹤清單 — 查看此處追蹤的客戶',
    ],
    fallback: FALLBACK,
    nameHeading: '依公司名稱查詢',
    nameCommand: '資格 {公司名稱}',
    nameNote: '公司名稱的開頭，與 Partner Center 顯示的相同，例如 Contoso School。',
  },

  byName: {
    choiceTitle: (name) => `有多位客戶的名稱以 ${name} 開頭`,
    choiceBody: '請選擇要查詢的客戶：',
    refine: (count) => `…還有 ${count} 位。請縮小搜尋範圍：輸入更完整的公司名稱，或提供租用戶識別碼或網域。`,
    refineMore:
      'Partner Center 中還有更多名稱以此開頭的客戶。請縮小搜尋範圍：輸入更完整的公司名稱，或提供租用戶識別碼或網域。',
    notFoundTitle: '找不到此名稱的客戶',
    notFoundBody: (name) => `您在 Partner Center 的客戶中，沒有名稱以 ${name} 開頭的客戶。`,
    notFoundNext:
      '請檢查拼字，並輸入與 Partner Center 顯示相同的名稱開頭（例如 Contoso School，而不是 School District），' +
      '或改用客戶租用戶識別碼或網域查詢：資格 {customer-tenant-id}。',
    label: '公司名稱',
    searchNotAnswered: {
      title: 'Partner Center 無法回應此搜尋',
      next: () =>
        'Partner Center 對此名稱的搜尋回應「找不到」，但這無法說明您是否有此名稱的客戶。請稍後再試，或改用客戶租用戶識別碼查詢：資格 {customer-tenant-id}。',
    },
    searchBadRequest: {
      title: 'Partner Center 拒絕了此搜尋',
      next: () => '請檢查公司名稱後再試一次，或改用客戶租用戶識別碼查詢。',
    },
  },

  severalDomains: {
    notFound: '沒有客戶使用此網域。請改用客戶租用戶識別碼查詢。',
    shared: (count) => `有 ${count} 位客戶使用此網域。請用客戶租用戶識別碼查詢您要找的那一位。`,
  },

  notUnderstood: (typed) =>
    `我在「${typed}」中找不到客戶租用戶識別碼、網域、Partner Center 連結或公司名稱。以下是我能理解的內容：`,
};
