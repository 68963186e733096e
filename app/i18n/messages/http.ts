// Answers given by the HTTP server before a request reaches Remix (app/http/refusals.server.ts):
// a body that is too large, a method we do not serve, a malformed request, a missing file.
export default {
  en: {
    home: 'Go to the home page',
    tooLarge: {
      title: 'Too much was sent',
      body: 'What you sent is larger than this page accepts ({{limit}}). Nothing was saved. Please shorten it and try again.',
    },
    methodNotAllowed: {
      title: 'Not supported',
      body: 'This address does not accept that kind of request.',
    },
    badRequest: {
      title: 'The request could not be read',
      body: 'Something in the address or the form was malformed. Nothing was changed.',
    },
    notFound: {
      title: 'Page not found',
      body: 'There is nothing at this address.',
    },
    serverError: {
      title: 'Something went wrong',
      body: 'The server could not answer this request. Nothing was changed. Please try again in a moment.',
    },
  },
  ru: {
    home: 'На главную',
    tooLarge: {
      title: 'Слишком много данных',
      body: 'Отправленное больше, чем принимает эта страница ({{limit}}). Ничего не сохранено. Сократите текст и попробуйте ещё раз.',
    },
    methodNotAllowed: {
      title: 'Не поддерживается',
      body: 'Этот адрес не принимает такой запрос.',
    },
    badRequest: {
      title: 'Не удалось прочитать запрос',
      body: 'В адресе или в форме что-то повреждено. Ничего не изменено.',
    },
    notFound: {
      title: 'Страница не найдена',
      body: 'По этому адресу ничего нет.',
    },
    serverError: {
      title: 'Что-то пошло не так',
      body: 'Сервер не смог ответить на этот запрос. Ничего не изменено. Попробуйте ещё раз чуть позже.',
    },
  },
}
