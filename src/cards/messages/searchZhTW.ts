import type { SearchMessages } from './searchTypes';

export const searchZhTW: SearchMessages = {
  hintEmpty: '請輸入客戶的租用戶識別碼、網域（例如 contoso.onmicrosoft.com）或公司名稱的開頭。',
  hintTooShort: (minimum) => `請至少輸入公司名稱的 ${minimum} 個字元，或輸入租用戶識別碼或網域。`,
  hintNotUnderstood:
    '這不是租用戶識別碼、網域或公司名稱。請輸入租用戶識別碼、網域（例如 contoso.onmicrosoft.com）或公司名稱的開頭。',
  hintOneAtATime: '請以租用戶識別碼、單一網域或單一公司名稱搜尋，一次一種。',
  hintTooMany: (limit) => `一次搜尋最多顯示 ${limit} 位客戶，請貼上較少的租用戶識別碼。`,
  nobody: (query) => `您的客戶中沒有符合 ${query} 的客戶。請檢查拼字，或以租用戶識別碼搜尋。`,
  stillLooking: '仍在查詢中：合作夥伴中心目前回應較慢，請稍後再試一次。',
  pickToLookAgain: '未能及時讀取：點選即可重新查詢。',
  demoTag: '示範資料',
  signIn: '登入合作夥伴中心',
  signInUnavailable: (correlationId) => `登入服務目前沒有回應，請一分鐘後再試一次。相互關聯識別碼：${correlationId}`,
};
